import { writeItem, type WriteContext, type WriteItem, type WriteOutcome } from './contract-writer';
import type { ContractStore, DeadLetter } from './contract-store';

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
export async function settleReplayedLetter(store: ContractStore, letterId: number, testRun: boolean | undefined): Promise<void> {
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
