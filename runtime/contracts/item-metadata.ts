import type { Route, RouteReason } from './classify';
import type { Side } from './contract';
import type { PlannedAction } from './contract-writer';
import type { DeletePassReport, DeleteRefusalCode } from './delete-safety';
import type { ContractErrorCode, HttpErrorCode } from '../errors';
import type { ResolvedLink } from './linked-objects';

/** The key under which Contract Check annotates each item for Upsert. */
export const metadataKey = '_syncbridge';

/** What Contract Check attaches to every item it routes; Upsert reads it back. */
export interface ItemMetadata {
	synchronizationId: string;
	runId: string;
	inboundSide: Side;
	inboundId: string;
	hash: string;
	route: Route;
	reason: RouteReason;
	configVersion: string;
	mappingVersion: string;
	targetId: string | null;
	/** Set on the single report item emitted when a delete pass refused. */
	deletePassRefused?: DeletePassReport;
	/** Set on items produced from a dead letter; a replay through Upsert settles that letter. */
	deadLetterId?: number;
	/** The object's origin version (Origin Version Field), when configured. */
	originVersion?: number;
	/** The webhook delivery the item came from (SyncBridge Webhook Trigger); Upsert marks it completed. */
	delivery?: DeliveryReference;
	/** Linked objects of other synchronizations, by link name (Contract Check's Linked Objects). */
	links?: Record<string, ResolvedLink>;
}

/**
 * The codes of Upsert's Error output: the error that failed the write, `UNEXPECTED` for anything
 * untyped, `NOT_CHECKED` for an item without metadata, `DELETE_PASS_*` for a refused delete pass.
 */
export type WriteFailureCode =
	| HttpErrorCode
	| Extract<
			ContractErrorCode,
			'MISSING_TARGET_ID' | 'UNSUPPORTED_WRITE' | 'LINK_UNRESOLVED' | 'INVALID_ORIGIN_VERSION' | 'RECORD_REJECTED'
	  >
	| 'UNEXPECTED'
	| 'NOT_CHECKED'
	| `DELETE_PASS_${DeleteRefusalCode | 'REFUSED'}`;

/** An item leaving a contract pass: its input position and its JSON with `_syncbridge` set. */
export interface PassedItem {
	index: number;
	json: Record<string, unknown>;
}

/** Why an item was not written: Upsert's Error output carries it in `_syncbridge.error`. */
export interface WriteFailure {
	code: WriteFailureCode;
	message: string;
	/** The target's last HTTP status, when the target answered. */
	httpStatus?: number;
	/** The dead letter kept for a replay (Sync Status -> Get Failed Items). */
	deadLetterId?: number;
}

/** What Upsert adds to the metadata of every item it passes on, by action. */
export type WriteResult =
	| { action: 'created' | 'updated' | 'deleted'; targetId: string | null; attempts: number; reconciled: boolean }
	| {
			action: 'skipped';
			skipReason: 'echo' | 'unchanged' | 'stale' | 'test-run' | 'no-target-id';
			plannedAction: PlannedAction | null;
	  }
	| { action: 'parked'; parkedFields: string[]; conflictId: number }
	| { action: 'failed'; error: WriteFailure };

/** What Sync Status adds to an item made from a dead letter, besides `deadLetterId`. */
export interface ReplayNote {
	failedAt: string;
	lastError: { code: string; message: string };
}

/** Which claimed webhook delivery an item belongs to, carried from the trigger through Contract Check to Upsert. */
export interface DeliveryReference {
	/** The claim key in the delivery ledger (endpoint namespace + event id). */
	key: string;
}

/** The delivery reference an inbound item carries (set by the trigger, kept by Contract Check), as a metadata fragment. */
export function deliveryOf(json: Record<string, unknown>): { delivery?: DeliveryReference } {
	const value = json[metadataKey];
	if (value === null || typeof value !== 'object') return {};
	const delivery = (value as { delivery?: unknown }).delivery;
	if (delivery === null || typeof delivery !== 'object' || typeof (delivery as DeliveryReference).key !== 'string')
		return {};
	return { delivery: { key: (delivery as DeliveryReference).key } };
}

export function readMetadata(json: Record<string, unknown>): ItemMetadata | undefined {
	const value = json[metadataKey];
	if (value === null || typeof value !== 'object') return undefined;
	const meta = value as Partial<ItemMetadata>;
	if (typeof meta.synchronizationId !== 'string' || typeof meta.route !== 'string') return undefined;
	return meta as ItemMetadata;
}

/** The item without SyncBridge's annotation: what is hashed and what is sent. */
export function withoutMetadata(json: Record<string, unknown>): Record<string, unknown> {
	if (!(metadataKey in json)) return json;
	const copy = { ...json };
	delete copy[metadataKey];
	return copy;
}
