import { SyncBridgeError } from '../errors';
import type { TransportRequest, TransportResponse } from '../http/transport';
import type { BulkWriter } from './bulk-write';

/**
 * How a synchronization's writes become HTTP requests on the side it writes to: a configured
 * endpoint (`endpointRequests`) or a connector descriptor (`connectorTargetRequests`). The contract
 * writer decides what to write; this decides how it goes over the wire.
 */
export interface TargetRequests {
	/** `idempotencyKey` is the same for every attempt and rerun of one write; send it where the target honours one. */
	create(body: Record<string, unknown>, idempotencyKey?: string): TransportRequest;
	/** `etag`: the object's version tag from the read before this update; the update then goes through only while it is current (`If-Match`). */
	update(id: string, body: Record<string, unknown>, idempotencyKey?: string, etag?: string): TransportRequest;
	delete(id: string, idempotencyKey?: string): TransportRequest;
	/** Reads the current object, for conflict detection; absent when the target cannot be read. */
	read?(id: string): TransportRequest;
	/** Whether a read's answer is a deleted object the target still serves (a deletion stub): gone, like a 404. */
	readsDeleted?(body: unknown): boolean;
	/** The object's version tag in a read's answer (Dataverse `@odata.etag`, Google's `etag`); absent when the side has none. */
	etagOf?(response: TransportResponse): string | undefined;
	/** The id of the object a create made (from the response, or from the body when the id is ours). */
	createdId(body: Record<string, unknown>, response: TransportResponse): string;
	/**
	 * The object as the target holds it after a write, when its answer carries it. Its hash is what
	 * the target's echo of this write will hash to; undefined when the answer has no object (204).
	 */
	writtenRecord(response: TransportResponse): Record<string, unknown> | undefined;
	/** Set when the mapping chooses the id: a 409 on create then means an earlier attempt already created it. */
	idChosenByUs: boolean;
	/** The side's own words for a rejected write (`Salesforce answered HTTP 400: Required fields are missing: [LastName]`). */
	rejectionMessage?(status: number, body: unknown): string;
	/** The side's bulk API, where it has one: a chunk's writes then go in a few calls instead of one each. */
	bulk?: BulkWriter;
}

/** The target accepted a create but its id cannot be found where configured. */
export class MissingIdError extends SyncBridgeError {
	readonly code = 'MISSING_TARGET_ID';
	constructor(message: string) {
		super(message);
		this.name = 'MissingIdError';
	}
}

/** The target's connector has no operation for this write (an update of a create-only resource). */
export class UnsupportedWriteError extends SyncBridgeError {
	readonly code = 'UNSUPPORTED_WRITE';
	constructor(message: string) {
		super(message);
		this.name = 'UnsupportedWriteError';
	}
}

/** A plain object, or undefined for anything else (empty bodies, text, arrays). */
export function recordOrUndefined(value: unknown): Record<string, unknown> | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: undefined;
}
