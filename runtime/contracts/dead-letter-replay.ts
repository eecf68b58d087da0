import { writeItem, type WriteContext, type WriteItem, type WriteOutcome } from './contract-writer';
import type { ContractStore, DeadLetter } from './contract-store';
import { metadataKey, type ItemMetadata, type ReplayNote } from './item-metadata';

export interface ReplayResult {
	letter: DeadLetter;
	outcome: WriteOutcome;
}

/**
 * The one replay policy, for replays from the runtime and through SyncBridge Upsert alike: once a
 * letter's item was written again, the letter goes. When that write failed, the writer has already
 * kept a fresh letter with the latest error (the outcome's `deadLetterId`), so an item has one
 * letter at a time and it always says why the last attempt failed. A test run changes nothing.
 */
export async function settleReplayedLetter(
	store: ContractStore,
	letterId: number,
	testRun: boolean | undefined,
): Promise<void> {
	if (testRun) return;
	await store.deleteDeadLetter(letterId);
}

/** Retries kept failures of the context's synchronization, oldest first (`settleReplayedLetter`). */
export async function replayDeadLetters(ctx: WriteContext, limit = 100): Promise<ReplayResult[]> {
	const letters = await ctx.store.listDeadLetters(ctx.synchronizationId, limit);
	const results: ReplayResult[] = [];
	for (const letter of letters) {
		const outcome = await writeItem(ctx, letter.payload as WriteItem);
		await settleReplayedLetter(ctx.store, letter.id, ctx.testRun);
		results.push({ letter, outcome });
	}
	return results;
}

/**
 * A dead letter as an item SyncBridge Upsert accepts (Sync Status -> Get Failed Items): the original
 * body plus the metadata to redo the write; `deadLetterId` makes Upsert settle the letter.
 */
export function replayItem(letter: DeadLetter): Record<string, unknown> {
	const payload = (letter.payload ?? {}) as Partial<WriteItem> & {
		configVersion?: string;
		mappingVersion?: string;
		writeSide?: 'origin' | 'target';
	};
	const meta: ItemMetadata & ReplayNote = {
		synchronizationId: letter.synchronizationId,
		runId: `replay-${letter.id}`,
		inboundSide: payload.writeSide === 'origin' ? 'target' : 'origin',
		inboundId: payload.inboundId ?? letter.inboundId,
		hash: payload.hash ?? '',
		route: payload.route ?? 'changed',
		reason: 'hash-changed',
		configVersion: payload.configVersion ?? '',
		mappingVersion: payload.mappingVersion ?? '',
		targetId: null,
		deadLetterId: letter.id,
		failedAt: letter.createdAt,
		lastError: { code: letter.errorCode, message: letter.errorMessage },
	};
	return { ...(payload.body ?? {}), [metadataKey]: meta };
}
