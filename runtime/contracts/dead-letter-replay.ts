import { writeItem, type WriteContext, type WriteItem, type WriteOutcome } from './contract-writer';
import type { DeadLetter } from './contract-store';

export interface ReplayResult {
	letter: DeadLetter;
	outcome: WriteOutcome;
}

/**
 * Retries kept failures. A letter is removed when its replay succeeds (or turns out unnecessary);
 * a replay that fails again leaves the original letter and adds no second one.
 */
export async function replayDeadLetters(ctx: WriteContext, limit = 100): Promise<ReplayResult[]> {
	const letters = await ctx.store.listDeadLetters(ctx.synchronizationId, limit);
	const results: ReplayResult[] = [];
	for (const letter of letters) {
		const item = letter.payload as WriteItem;
		const outcome = await writeItem(ctx, item);
		if (outcome.status === 'failed') await ctx.store.deleteDeadLetter(outcome.deadLetterId);
		else await ctx.store.deleteDeadLetter(letter.id);
		results.push({ letter, outcome });
	}
	return results;
}
