import { isHttpError, PermanentHttpError, RetryExhaustedError } from '../http/errors';
import { idempotencyKey } from '../http/idempotency-key';
import type { ResilientClient, ResilientResponse } from '../http/resilient-client';
import { BulkRecordError } from './bulk-write';
import { canonicalHash } from './canonical-hash';
import type { Route } from './classify';
import type { OriginVersion } from './origin-version';
import { decideWrite } from './write-decision';
import { sendSettled, type Settled as ConcurrentSettled } from './concurrent-change';
import { adoptMappingVersion } from './mapping-version-raise';
import { modifiedAt, resolveConflicts, type ConflictPolicy } from './conflict-policy';
import { emptyContract, type Contract, type Side } from './contract';
import { StaleContractError, type ContractStore, type WriteIntent } from './contract-store';
import type { WriteFailureCode } from './item-metadata';
import { MissingIdError, UnsupportedWriteError, type TargetRequests } from './target-requests';

export interface WriteContext {
	store: ContractStore;
	client: ResilientClient;
	/** How writes reach the side being written: `endpointRequests` or `connectorTargetRequests`. */
	target: TargetRequests;
	synchronizationId: string;
	configVersion: string;
	mappingVersion: string;
	/** The side being written to; `target` for a one-way origin -> target flow. */
	writeSide?: Side;
	/** Compute everything, write nothing (no target call, no store change). */
	testRun?: boolean;
	volatileFields?: readonly string[];
	/** When set, an update first reads the target and settles fields changed on both sides. */
	conflictPolicy?: ConflictPolicy;
	now?: () => Date;
}

/** The instant a write is stamped with, as an ISO timestamp (`ctx.now` in tests). */
export function writeStamp(ctx: Pick<WriteContext, 'now'>): string {
	return (ctx.now?.() ?? new Date()).toISOString();
}

export interface WriteItem {
	/** Id of the object on the side it came from. */
	inboundId: string;
	/** Canonical hash of the inbound object. */
	hash: string;
	/** What to send. */
	body: Record<string, unknown>;
	route: Route;
	/** When the inbound object last changed (for lastWriterWins). */
	modifiedAt?: string;
	/** The origin's version of the object (`origin-version.ts`); older than the contract's is never written. */
	originVersion?: OriginVersion;
	/** Routed `changed` because Force was on: write even when the contract already has this hash. */
	forced?: boolean;
}

export type WriteOutcome =
	| { status: 'created' | 'updated' | 'deleted'; targetId: string | null; attempts: number; reconciled: boolean }
	| {
			status: 'skipped';
			reason: 'echo' | 'unchanged' | 'stale' | 'test-run' | 'no-target-id';
			plannedAction?: PlannedAction;
	  }
	| { status: 'parked'; fields: string[]; conflictId: number }
	| { status: 'failed'; code: WriteFailureCode; message: string; httpStatus?: number; deadLetterId: number };

export type PlannedAction = 'create' | 'update' | 'delete' | 'forget';

/**
 * Performs one write against the target with crash safety:
 * 1. a write intent (with its deterministic idempotency key) is stored before the call;
 * 2. the call goes through the resilient client (retries reuse the key);
 * 3. the contract and the cleared intent are committed in one transaction.
 * A crash between 2 and 3 leaves the intent; the rerun sends the same key, the target answers with
 * its original response, and the contract is completed: no duplicate, nothing lost.
 * Failures are kept in the dead-letter table and returned, never thrown.
 */
export async function writeItem(ctx: WriteContext, item: WriteItem): Promise<WriteOutcome> {
	const writeSide = ctx.writeSide ?? 'target';
	if (ctx.testRun) return writeLocked(ctx, item, writeSide);
	// One writer per object at a time: the contract is re-read, the decision re-made and the target
	// written under the lock, so two workers holding v2 and v3 of one object cannot cross.
	return ctx.store.withObjectLock(ctx.synchronizationId, await objectLockId(ctx, item.inboundId, writeSide), () =>
		writeLocked(ctx, item, writeSide),
	);
}

/**
 * Both directions of a two-way sync lock an object under its origin id, so a write in one direction
 * and the echo it causes in the other are serialised: the echo is checked after our write's contract
 * is committed. An object known only on the target side (no contract yet) locks under its target id.
 */
async function objectLockId(ctx: WriteContext, inboundId: string, writeSide: Side): Promise<string> {
	if (writeSide === 'target') return inboundId;
	const contract = await ctx.store.getByTargetId(ctx.synchronizationId, inboundId);
	return contract?.originId ?? `@target:${inboundId}`;
}

async function writeLocked(ctx: WriteContext, item: WriteItem, writeSide: Side): Promise<WriteOutcome> {
	const inboundSide: Side = writeSide === 'target' ? 'origin' : 'target';
	const contract =
		inboundSide === 'origin'
			? await ctx.store.get(ctx.synchronizationId, item.inboundId)
			: await ctx.store.getByTargetId(ctx.synchronizationId, item.inboundId);

	const decision = decideWrite(ctx, item, contract, writeSide);
	if (decision.kind === 'skip') {
		if (decision.adoptMappingVersion !== undefined && !ctx.testRun)
			await adoptMappingVersion(ctx.store, decision.adoptMappingVersion, ctx.mappingVersion);
		return decision.outcome;
	}
	if (decision.kind === 'forget') {
		if (contract !== undefined) await ctx.store.delete(contract.synchronizationId, contract.originId);
		return { status: 'deleted', targetId: null, attempts: 0, reconciled: false };
	}
	const plan = decision;
	const action = plan.action;
	const previous = await ctx.store.getIntent(ctx.synchronizationId, writeSide, item.inboundId);
	const intent = writeIntentFor(ctx, item, action, contract, writeSide, writeStamp(ctx));
	const key = intent.idempotencyKey;
	const reconciled = previous !== undefined && previous.idempotencyKey === key;

	try {
		const read = ctx.target.read;
		const settle =
			action === 'update' && ctx.conflictPolicy !== undefined && read !== undefined && contract !== undefined
				? () => settleConflicts(ctx, read, contract, item, writeSide)
				: undefined;
		const first: Settled = settle === undefined ? { kind: 'write', body: item.body } : await settle();
		if (first.kind === 'parked') return first.outcome;
		await ctx.store.putIntent(intent);
		if (action === 'delete') {
			const attempts = await sendDelete(ctx, plan.writeId as string, key);
			await ctx.store.commitWrite(intent, {
				delete: { synchronizationId: ctx.synchronizationId, originId: (contract as Contract).originId },
			});
			return { status: 'deleted', targetId: plan.writeId ?? null, attempts, reconciled };
		}

		// A target that is gone is created anew; a 412 on the update is settled again (concurrent-change.ts).
		const creatingFor = (settled: Settled): boolean => plan.writeId === undefined || settled.kind === 'gone';
		const bodyFor = (settled: Settled): Record<string, unknown> =>
			settled.kind === 'write' ? settled.body : item.body;
		const sent = await sendSettled(
			first,
			(settled, resent) => {
				const creating = creatingFor(settled);
				const body = bodyFor(settled);
				const etag = settled.kind === 'write' ? settled.etag : undefined;
				return (
					ctx.client
						// A forced write must reach the target again: under the key of the identical earlier write, a
						// target that remembers keys would replay that answer and keep whatever it holds now.
						.request(
							creating
								? ctx.target.create(body, key)
								: ctx.target.update(plan.writeId as string, body, item.forced || resent ? undefined : key, etag),
						)
						.catch((error: unknown) => alreadyCreated(ctx.target, creating, error))
				);
			},
			settle ?? (() => Promise.resolve(first)),
		);
		if (sent.kind === 'parked') {
			// Re-read after a 412 and parked: nothing was written.
			await ctx.store.clearIntent(intent.synchronizationId, intent.side, intent.inboundId);
			return sent.outcome;
		}
		const { response } = sent;
		const creating = creatingFor(sent.settled);
		const body = bodyFor(sent.settled);
		const updateId = creating ? undefined : plan.writeId;
		const writtenId = creating ? ctx.target.createdId(body, response) : (updateId as string);
		const writtenRecord = response.status === 409 ? undefined : ctx.target.writtenRecord(response);
		const written: WriteConfirmation = {
			id: writtenId,
			hashes: writtenHashes(ctx, body, writtenRecord),
			creating,
			at: writeStamp(ctx),
		};
		// A create on the origin side gets a contract keyed by the new origin id.
		const base = writeSide === 'origin' && creating ? undefined : contract;
		await commitContract(ctx, intent, base, (current) => nextContract(ctx, current, item, writeSide, written));
		if (base !== contract && contract !== undefined && contract.originId !== writtenId) {
			await ctx.store.delete(contract.synchronizationId, contract.originId);
		}
		return {
			status: creating ? 'created' : 'updated',
			targetId: writtenId,
			attempts: response.attempts,
			reconciled: reconciled || response.status === 409,
		};
	} catch (error) {
		return await deadLetter(ctx, item, action, error, intent);
	}
}

/** The intent stored (at `createdAt`) before a write: its key is the same for every attempt and rerun of this write. */
export function writeIntentFor(
	ctx: WriteContext,
	item: WriteItem,
	action: WriteIntent['action'],
	contract: Contract | undefined,
	writeSide: Side,
	createdAt: string,
): WriteIntent {
	return {
		synchronizationId: ctx.synchronizationId,
		side: writeSide,
		inboundId: item.inboundId,
		action,
		idempotencyKey: idempotencyKey({
			synchronizationId: ctx.synchronizationId,
			originId: item.inboundId,
			originHash: item.hash,
			action,
			contractRevision: contract?.revision ?? 0,
		}),
		hash: item.hash,
		createdAt,
	};
}

/**
 * Commits the contract conditionally on the revision it was built from. When another worker changed
 * the contract in between, our write is re-applied on top of theirs instead of overwriting it.
 */
export async function commitContract(
	ctx: WriteContext,
	intent: WriteIntent,
	current: Contract | undefined,
	build: (current: Contract | undefined) => Contract,
): Promise<void> {
	let base = current;
	for (let attempt = 1; ; attempt++) {
		const next = build(base);
		const committed = await ctx.store.commitWrite(intent, { put: next, expectedRevision: base?.revision ?? 0 }).then(
			() => true,
			(error: unknown) => retryWhenStale(error, attempt),
		);
		if (committed) return;
		base = await ctx.store.get(next.synchronizationId, next.originId);
	}
}

function retryWhenStale(error: unknown, attempt: number): false {
	if (error instanceof StaleContractError && attempt < 5) return false;
	throw error;
}

export async function sendDelete(ctx: WriteContext, id: string, idempotencyKey: string): Promise<number> {
	const response = await ctx.client.request(ctx.target.delete(id, idempotencyKey)).catch(unlessGone);
	// Already gone on the target is the outcome a delete wants.
	return response === gone ? 1 : response.attempts;
}

/**
 * With idInRequestBody the id is ours, so a 409 on create means an earlier attempt (lost response,
 * or a crash before the contract was saved) already created it: the create is done. This reconciles
 * reruns even against targets without idempotency-key support.
 */
export function alreadyCreated(target: TargetRequests, creating: boolean, error: unknown): ResilientResponse {
	if (creating && target.idChosenByUs && error instanceof PermanentHttpError && error.status === 409) {
		return { status: 409, headers: {}, body: error.body, attempts: 1 };
	}
	throw error;
}

const gone = Symbol('gone');

/** Turns a 404/410 into the `gone` marker; any other error stays a rejection. */
function unlessGone(error: unknown): typeof gone {
	if (error instanceof PermanentHttpError && (error.status === 404 || error.status === 410)) return gone;
	throw error;
}

/**
 * What a write leaves behind: the body sent (a later identical body needs no write) and the object
 * as the side answered it (its echo hashes the same), which is the body itself when the answer has none.
 */
export interface WrittenHashes {
	bodyHash: string;
	recordHash: string;
}

/** The hashes of a write the side confirmed: what it holds now, as it answered, since its echo of this write hashes the same. */
export function writtenHashes(
	ctx: Pick<WriteContext, 'volatileFields'>,
	body: Record<string, unknown>,
	answeredRecord: Record<string, unknown> | undefined,
): WrittenHashes {
	const bodyHash = canonicalHash(body, ctx.volatileFields);
	return {
		bodyHash,
		recordHash: answeredRecord === undefined ? bodyHash : canonicalHash(answeredRecord, ctx.volatileFields),
	};
}

/** A write the side confirmed, as its contract records it. */
export interface WriteConfirmation {
	/** The written object's id on that side. */
	id: string;
	hashes: WrittenHashes;
	creating: boolean;
	/** When it was confirmed (ISO). */
	at: string;
}

/** The contract after a confirmed write, built on the contract as it is now (`undefined` before the first write). */
export function nextContract(
	ctx: WriteContext,
	contract: Contract | undefined,
	item: WriteItem,
	writeSide: Side,
	written: WriteConfirmation,
): Contract {
	const { at, hashes } = written;
	const common = {
		configVersion: ctx.configVersion,
		mappingVersion: ctx.mappingVersion,
		lastAction: written.creating ? ('create' as const) : ('update' as const),
		sourceLastChecked: at,
		targetLastSynced: at,
		updatedAt: at,
	};
	if (writeSide === 'target') {
		const base = contract ?? emptyContract(ctx.synchronizationId, item.inboundId, at);
		// The origin now holds something other than our last write to it: forget that write, or a later
		// change back to the same value would be mistaken for its echo.
		return {
			...base,
			...common,
			targetId: written.id,
			originVersion: item.originVersion ?? base.originVersion,
			originHash: item.hash,
			targetHash: hashes.bodyHash,
			lastWrittenTargetHash: hashes.recordHash,
			lastWrittenOriginHash: null,
		};
	}
	const base = contract ?? {
		...emptyContract(ctx.synchronizationId, written.id, at),
		targetId: item.inboundId,
	};
	return {
		...base,
		...common,
		originHash: hashes.bodyHash,
		targetHash: item.hash,
		lastWrittenOriginHash: hashes.recordHash,
		lastWrittenTargetHash: null,
	};
}

type Settled = ConcurrentSettled<WriteOutcome>;

/** Reads the other side; if it changed since our last write, settles field by field. Runs again after a 412. */
async function settleConflicts(
	ctx: WriteContext,
	read: NonNullable<TargetRequests['read']>,
	contract: Contract,
	item: WriteItem,
	writeSide: Side,
): Promise<Settled> {
	const id = writeSide === 'target' ? (contract.targetId as string) : contract.originId;
	const response = await ctx.client.request(read(id)).catch(unlessGone);
	if (response === gone || ctx.target.readsDeleted?.(response.body) === true) return { kind: 'gone' };
	const current = (response.body ?? {}) as Record<string, unknown>;
	// The update then goes through only while the object is still what this read saw.
	const etag = ctx.target.etagOf?.(response);
	const lastWritten = writeSide === 'target' ? contract.lastWrittenTargetHash : contract.lastWrittenOriginHash;
	if (lastWritten === null || canonicalHash(current, ctx.volatileFields) === lastWritten)
		return { kind: 'write', body: item.body, etag };

	const resolution = resolveConflicts(
		{
			origin: item.body,
			target: current,
			originModifiedAt: item.modifiedAt,
			targetModifiedAt: modifiedAt(current),
			ignore: ctx.volatileFields,
		},
		ctx.conflictPolicy as ConflictPolicy,
	);
	if (resolution.parked.length > 0) {
		const conflictId = await ctx.store.parkConflict({
			synchronizationId: ctx.synchronizationId,
			originId: contract.originId,
			fields: resolution.parked,
			detail: { incoming: item.body, current, merged: resolution.merged, conflicting: resolution.conflicting },
		});
		return { kind: 'parked', outcome: { status: 'parked', fields: resolution.parked, conflictId } };
	}
	return { kind: 'write', body: resolution.merged, etag };
}

export async function deadLetter(
	ctx: WriteContext,
	item: WriteItem,
	action: string,
	error: unknown,
	intent: WriteIntent,
): Promise<WriteOutcome> {
	const code =
		isHttpError(error) ||
		error instanceof MissingIdError ||
		error instanceof UnsupportedWriteError ||
		error instanceof BulkRecordError
			? error.code
			: 'UNEXPECTED';
	const rejected = error instanceof PermanentHttpError ? error : undefined;
	const message =
		rejected !== undefined && ctx.target.rejectionMessage !== undefined
			? ctx.target.rejectionMessage(rejected.status, rejected.body)
			: error instanceof Error
				? error.message
				: String(error);
	// The last status after the retries tells an outage (503) from throttling (429) downstream.
	const httpStatus =
		rejected !== undefined
			? rejected.status
			: error instanceof RetryExhaustedError
				? error.lastStatus
				: error instanceof BulkRecordError
					? error.status
					: undefined;
	// A rejected (or never sent) request never reached the target's state: forget the intent. After a
	// transient failure the write may have happened, so the intent (and its key) stays for the rerun.
	if (
		error instanceof PermanentHttpError ||
		error instanceof MissingIdError ||
		error instanceof UnsupportedWriteError ||
		(error instanceof BulkRecordError && !error.transient)
	) {
		await ctx.store.clearIntent(intent.synchronizationId, intent.side, intent.inboundId);
	}
	const deadLetterId = await ctx.store.addDeadLetter({
		synchronizationId: ctx.synchronizationId,
		inboundId: item.inboundId,
		action,
		// Enough to replay the write later: the item and the versions it was checked against.
		payload: {
			...item,
			configVersion: ctx.configVersion,
			mappingVersion: ctx.mappingVersion,
			writeSide: ctx.writeSide ?? 'target',
		},
		errorCode: code,
		errorMessage: message,
	});
	return { status: 'failed', code, message, httpStatus, deadLetterId };
}
