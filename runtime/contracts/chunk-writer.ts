import type { ResilientResponse } from '../http/resilient-client';
import { forEachConcurrently } from './bounded-concurrency';
import { BulkRecordError, bulkObjectKey, type BulkWrite, type BulkWriter, type BulkWriteResult } from './bulk-write';
import type { Contract } from './contract';
import { StaleContractError, type ContractChange, type WriteIntent } from './contract-store';
import {
	alreadyCreated,
	commitContract,
	deadLetter,
	nextContract,
	sendDelete,
	writeIntentFor,
	writeItem,
	writeStamp,
	writtenHashes,
	type WriteContext,
	type WriteItem,
	type WriteOutcome,
} from './contract-writer';
import { adoptMappingVersion } from './mapping-version-raise';
import type { TargetRequests } from './target-requests';
import { decideWrite } from './write-decision';

/** Items per chunk: large enough that the bookkeeping's transactions cost little per item, small enough that a chunk's writes fill the concurrency many times over. */
const writeChunkSize = 500;

/** Items per chunk for writes to this target: its bulk API's size where it has one. */
function chunkSizeFor(target: TargetRequests): number {
	return target.bulk?.chunkSize ?? writeChunkSize;
}

/**
 * Writes many items in chunks of the target's size (`writeChunk`); outcomes in input order. The chunks
 * overlap: the next chunk reads its contracts and stores its intents while this one's requests are out,
 * and sends while this one commits, so the store's work and the target's answers wait on each other
 * only at the start. Requests of two chunks are never out at once (`concurrency` bounds them all), and a
 * chunk that names an object of the one before it waits for that object's lock, so it is written after.
 */
export async function writeInChunks(
	ctx: WriteContext,
	items: readonly WriteItem[],
	options: ChunkWriteOptions,
): Promise<WriteOutcome[]> {
	const chunkSize = chunkSizeFor(ctx.target);
	const chunks: Promise<WriteOutcome[]>[] = [];
	let sendTurn: Promise<void> = Promise.resolve();
	let failed = false;
	for (let start = 0; start < items.length && !failed; start += chunkSize) {
		const prepared = settleable();
		const sent = settleable();
		const written = writeChunk(ctx, items.slice(start, start + chunkSize), options, {
			sendAfter: sendTurn,
			prepared: prepared.resolve,
			sent: sent.resolve,
		});
		// However the chunk ends, nobody waits on its signals any longer: a failed chunk fails the next one's send turn.
		written.then(
			() => (prepared.resolve(), sent.resolve()),
			(error: unknown) => ((failed = true), prepared.reject(error), sent.reject(error)),
		);
		chunks.push(written);
		sendTurn = Promise.all([sendTurn, sent.promise]).then(() => undefined);
		sendTurn.catch(() => undefined);
		// A failed chunk ends the run (a later one may have stored its intents already); the chunks before it still finish.
		await prepared.promise.catch(() => undefined);
	}
	const settled = await Promise.allSettled(chunks);
	const rejected = settled.find((result) => result.status === 'rejected');
	if (rejected !== undefined) throw rejected.reason;
	return settled.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
}

export interface ChunkWriteOptions {
	/** Requests (or bulk calls) in flight at once. */
	concurrency: number;
}

/** How a chunk takes its place among overlapping chunks (`writeInChunks`). */
export interface ChunkTurns {
	/** Settles when the chunk before has no request out any longer; the chunk sends only then. */
	sendAfter: Promise<void>;
	/** The chunk's intents are stored: the next chunk may begin. */
	prepared(): void;
	/** The chunk has no request out any longer. */
	sent(): void;
}

/** A chunk written on its own: nothing to wait for, nobody waiting. */
const aloneTurns: ChunkTurns = { sendAfter: Promise.resolve(), prepared: () => undefined, sent: () => undefined };

/** A promise with its settle functions; settling it again does nothing. */
function settleable(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
	let resolve!: () => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
	promise.catch(() => undefined);
	return { promise, resolve, reject };
}

/** A write the chunk decided to make, with the intent stored for it. */
interface PlannedWrite {
	/** Position in the round. */
	index: number;
	item: WriteItem;
	contract: Contract | undefined;
	action: WriteIntent['action'];
	writeId: string | undefined;
	intent: WriteIntent;
	/** The intent of an interrupted earlier run had this write's key: the target may already hold it. */
	reconciled: boolean;
}

/**
 * What the target answered for one planned write: for a written one, the record as the target answered
 * it (`undefined` when the answer has none), hashed when the round confirms its writes.
 */
type SentWrite =
	| {
			kind: 'written';
			id: string;
			record: Record<string, unknown> | undefined;
			attempts: number;
			reconciled: boolean;
	  }
	| { kind: 'deleted'; attempts: number }
	| { kind: 'failed'; error: unknown };

/** A confirmed write, waiting for the chunk's commit. */
interface ConfirmedWrite {
	index: number;
	intent: WriteIntent;
	change: ContractChange;
	/** The contract the change was built from. */
	base: Contract | undefined;
	/** The contract again on top of a newer one, when a concurrent writer moved it (`commitContract`). */
	rebuild?: (current: Contract | undefined) => Contract;
	outcome: WriteOutcome;
}

/**
 * Writes a chunk of items with the crash safety of `writeItem`, at the cost of a few store
 * transactions per chunk instead of three per item:
 * 1. the chunk's objects are locked and their contracts and pending intents read in two queries;
 * 2. the intents of every write are stored in one transaction;
 * 3. the writes go out concurrently, through the side's bulk API where it has one, once `turns` says
 *    the chunk before has no request out;
 * 4. the confirmed writes' contracts are committed, and their intents cleared, in one transaction.
 * A crash anywhere leaves at most the intents of step 2 (of this chunk and the next): a rerun sends the
 * same keys (or, in bulk, the same ids) and the side answers with what it already did. Failures become dead letters.
 * Outcomes come back in input order. Writes that need a request of their own before the write (a
 * conflict read), writes back to the origin, test runs and a chunk of one go item by item (`writeItem`).
 */
export async function writeChunk(
	ctx: WriteContext,
	items: readonly WriteItem[],
	options: ChunkWriteOptions,
	turns: ChunkTurns = aloneTurns,
): Promise<WriteOutcome[]> {
	const outcomes: WriteOutcome[] = new Array(items.length);
	if (!writesByChunk(ctx) || items.length === 1) {
		turns.prepared();
		await turns.sendAfter;
		await forEachConcurrently(items.length, options.concurrency, async (index) => {
			outcomes[index] = await writeItem(ctx, items[index]);
		});
		turns.sent();
		return outcomes;
	}
	const rounds = distinctObjectRounds(items);
	for (const [number, round] of rounds.entries()) {
		const ids = round.map((index) => items[index].inboundId);
		// An object named twice is written round after round under its lock: the next chunk, which could take
		// that lock in between, begins only when the last round's intents are stored.
		const last = number === rounds.length - 1;
		const written = await ctx.store.withObjectLocks(ctx.synchronizationId, ids, () =>
			writeRound(
				ctx,
				round.map((index) => items[index]),
				options,
				{
					sendAfter: number === 0 ? turns.sendAfter : Promise.resolve(),
					prepared: last ? turns.prepared : () => undefined,
					sent: last ? turns.sent : () => undefined,
				},
			),
		);
		round.forEach((index, position) => (outcomes[index] = written[position]));
	}
	return outcomes;
}

/**
 * Whether the chunk's bookkeeping applies. A single item (a webhook delivery's execution) goes the item
 * path too: its single-statement writes cost fewer round trips than a chunk's transactions.
 */
function writesByChunk(ctx: WriteContext): boolean {
	return !ctx.testRun && ctx.conflictPolicy === undefined && (ctx.writeSide ?? 'target') === 'target';
}

/**
 * The chunk's positions in rounds of distinct objects: the first version of every object, then the
 * second, and so on. Each round locks an object once, and an object's versions are written in input order.
 */
function distinctObjectRounds(items: readonly WriteItem[]): number[][] {
	const rounds: number[][] = [];
	const seen = new Map<string, number>();
	items.forEach((item, index) => {
		const round = seen.get(item.inboundId) ?? 0;
		seen.set(item.inboundId, round + 1);
		(rounds[round] ??= []).push(index);
	});
	return rounds;
}

async function writeRound(
	ctx: WriteContext,
	items: readonly WriteItem[],
	options: ChunkWriteOptions,
	turns: ChunkTurns,
): Promise<WriteOutcome[]> {
	const { store, synchronizationId } = ctx;
	const ids = items.map((item) => item.inboundId);
	const contracts = await store.getMany(synchronizationId, ids);
	const previousIntents = await store.getIntents(synchronizationId, 'target', ids);
	const outcomes: WriteOutcome[] = new Array(items.length);
	const planned: PlannedWrite[] = [];
	// The round's intents are stored in one transaction, and its contracts committed in one: one instant stamps each.
	const plannedAt = writeStamp(ctx);
	for (const [index, item] of items.entries()) {
		const contract = contracts.get(item.inboundId);
		const decision = decideWrite(ctx, item, contract, 'target');
		if (decision.kind === 'skip') {
			if (decision.adoptMappingVersion !== undefined)
				await adoptMappingVersion(store, decision.adoptMappingVersion, ctx.mappingVersion);
			outcomes[index] = decision.outcome;
		} else if (decision.kind === 'forget') {
			if (contract !== undefined) await store.delete(synchronizationId, contract.originId);
			outcomes[index] = { status: 'deleted', targetId: null, attempts: 0, reconciled: false };
		} else {
			const intent = writeIntentFor(ctx, item, decision.action, contract, 'target', plannedAt);
			const previous = previousIntents.get(item.inboundId);
			planned.push({
				index,
				item,
				contract,
				action: decision.action,
				writeId: decision.writeId,
				intent,
				reconciled: previous !== undefined && previous.idempotencyKey === intent.idempotencyKey,
			});
		}
	}
	if (planned.length === 0) {
		turns.prepared();
		turns.sent();
		return outcomes;
	}

	await store.putIntents(planned.map((write) => write.intent));
	turns.prepared();
	await turns.sendAfter;
	const sent = await sendPlanned(ctx, planned, options);
	turns.sent();
	const confirmed: ConfirmedWrite[] = [];
	const failed: { write: PlannedWrite; error: unknown }[] = [];
	const confirmedAt = writeStamp(ctx);
	planned.forEach((write, position) => {
		const answer = sent[position];
		if (answer.kind === 'failed') failed.push({ write, error: answer.error });
		else confirmed.push(confirm(ctx, write, answer, confirmedAt));
	});
	await commitConfirmed(ctx, confirmed);
	for (const write of confirmed) outcomes[write.index] = write.outcome;
	for (const { write, error } of failed) {
		outcomes[write.index] = await deadLetter(ctx, write.item, write.action, error, write.intent);
	}
	return outcomes;
}

/** The contract change and outcome of a write the target confirmed (by `at`). */
function confirm(
	ctx: WriteContext,
	write: PlannedWrite,
	answer: Exclude<SentWrite, { kind: 'failed' }>,
	at: string,
): ConfirmedWrite {
	const { index, intent, item, contract } = write;
	if (answer.kind === 'deleted') {
		return {
			index,
			intent,
			base: contract,
			change: { delete: { synchronizationId: ctx.synchronizationId, originId: (contract as Contract).originId } },
			outcome: {
				status: 'deleted',
				targetId: write.writeId ?? null,
				attempts: answer.attempts,
				reconciled: write.reconciled,
			},
		};
	}
	const creating = write.action === 'create';
	const hashes = writtenHashes(ctx, item.body, answer.record);
	const rebuild = (current: Contract | undefined) =>
		nextContract(ctx, current, item, 'target', { id: answer.id, hashes, creating, at });
	return {
		index,
		intent,
		change: { put: rebuild(contract), expectedRevision: contract?.revision ?? 0 },
		base: contract,
		rebuild,
		outcome: {
			status: creating ? 'created' : 'updated',
			targetId: answer.id,
			attempts: answer.attempts,
			reconciled: write.reconciled || answer.reconciled,
		},
	};
}

/**
 * One transaction for the chunk. When a contract moved under it (a writer that does not take object
 * locks), each write is committed on its own on top of the newer contract instead.
 */
async function commitConfirmed(ctx: WriteContext, confirmed: readonly ConfirmedWrite[]): Promise<void> {
	if (confirmed.length === 0) return;
	const committed = await ctx.store.commitWrites(confirmed).then(
		() => true,
		(error: unknown) => staleOrThrow(error),
	);
	if (committed) return;
	for (const write of confirmed) {
		if (write.rebuild === undefined) await ctx.store.commitWrite(write.intent, write.change);
		else await commitContract(ctx, write.intent, write.base, write.rebuild);
	}
}

function staleOrThrow(error: unknown): false {
	if (error instanceof StaleContractError) return false;
	throw error;
}

/** Sends the planned writes: those the side takes in bulk through its bulk API, the others one request each. */
async function sendPlanned(
	ctx: WriteContext,
	planned: readonly PlannedWrite[],
	options: ChunkWriteOptions,
): Promise<SentWrite[]> {
	const sent: SentWrite[] = new Array(planned.length);
	const bulk = ctx.target.bulk;
	const bulkable = planned.flatMap((write, position) => (bulk?.actions.includes(write.action) ? [position] : []));
	const inBulk = bulk !== undefined && bulkable.length >= bulk.minWrites ? bulkable : [];
	const bulkSet = new Set(inBulk);
	const single = planned.flatMap((_, position) => (bulkSet.has(position) ? [] : [position]));
	await Promise.all([
		bulk === undefined || inBulk.length === 0
			? undefined
			: sendInBulk(
					ctx,
					bulk,
					inBulk.map((position) => planned[position]),
					options,
				).then((answers) => answers.forEach((answer, n) => (sent[inBulk[n]] = answer))),
		forEachConcurrently(single.length, options.concurrency, async (n) => {
			sent[single[n]] = await sendSingle(ctx, planned[single[n]]);
		}),
	]);
	return sent;
}

async function sendInBulk(
	ctx: WriteContext,
	bulk: BulkWriter,
	planned: readonly PlannedWrite[],
	options: ChunkWriteOptions,
): Promise<SentWrite[]> {
	const writes: BulkWrite[] = planned.map(({ action, writeId, item }) => ({
		action,
		id: writeId,
		body: action === 'delete' ? {} : item.body,
		objectKey: bulkObjectKey(ctx.synchronizationId, item.inboundId),
	}));
	try {
		const answers = await bulk.send(ctx.client, writes, options);
		if (answers.length !== writes.length)
			throw new Error(`The bulk API answered ${answers.length} results for ${writes.length} writes`);
		return answers.map((answer, n) => fromBulkAnswer(bulk.systemName, writes[n], answer));
	} catch (error) {
		// The call failed as a whole: no record of it is known written.
		return writes.map(() => ({ kind: 'failed', error }));
	}
}

function fromBulkAnswer(systemName: string, write: BulkWrite, answer: BulkWriteResult): SentWrite {
	if (!answer.ok) {
		const code = answer.code === undefined ? '' : ` (${answer.code})`;
		return {
			kind: 'failed',
			error: new BulkRecordError(
				answer.status,
				`${systemName} answered HTTP ${answer.status}${code} in a bulk call: ${answer.message}`,
				answer.transient,
			),
		};
	}
	if (write.action === 'delete') return { kind: 'deleted', attempts: 1 };
	return {
		kind: 'written',
		id: answer.id,
		record: answer.record,
		attempts: 1,
		reconciled: answer.reconciled === true,
	};
}

/** One request, as `writeItem` sends it when no conflict read comes first. */
async function sendSingle(ctx: WriteContext, write: PlannedWrite): Promise<SentWrite> {
	const { action, item, writeId, intent } = write;
	const key = intent.idempotencyKey;
	try {
		if (action === 'delete') return { kind: 'deleted', attempts: await sendDelete(ctx, writeId as string, key) };
		const creating = action === 'create';
		const request = creating
			? ctx.target.create(item.body, key)
			: // A forced write must reach the target again, not be answered from the key of the identical earlier write.
				ctx.target.update(writeId as string, item.body, item.forced ? undefined : key);
		let response: ResilientResponse;
		try {
			response = await ctx.client.request(request);
		} catch (error) {
			response = alreadyCreated(ctx.target, creating, error);
		}
		return {
			kind: 'written',
			id: creating ? ctx.target.createdId(item.body, response) : (writeId as string),
			record: response.status === 409 ? undefined : ctx.target.writtenRecord(response),
			attempts: response.attempts,
			reconciled: response.status === 409,
		};
	} catch (error) {
		return { kind: 'failed', error };
	}
}
