import { writeInChunks } from './chunk-writer';
import type { WriteContext, WriteItem, WriteOutcome } from './contract-writer';
import type { SyncCounts } from './sync-run';

export interface WriteBatchOptions {
	/** Writes in flight at once; keep low for rate-limited targets. */
	concurrency?: number;
	/** When given, the outcome counts and write time are added to this run's log. */
	runId?: string;
}

/** Writes many items in chunks (`writeChunk`) with bounded concurrency; outcomes come back in input order. */
export async function writeBatch(
	ctx: WriteContext,
	items: readonly WriteItem[],
	options: WriteBatchOptions = {},
): Promise<WriteOutcome[]> {
	const started = performance.now();
	const outcomes = await writeInChunks(ctx, items, { concurrency: options.concurrency ?? 4 });
	if (options.runId !== undefined && items.length > 0) {
		await ctx.store.recordRun(ctx.synchronizationId, options.runId, countOutcomes(outcomes), {
			writeMs: performance.now() - started,
		});
	}
	return outcomes;
}

/**
 * The sync-log counters for a set of outcomes. Echoes, test-run and parked items count as skipped;
 * `unchanged` is not counted here, since the check that found it already did.
 */
export function countOutcomes(outcomes: readonly WriteOutcome[]): Partial<SyncCounts> {
	const counts = { created: 0, updated: 0, deleted: 0, skipped: 0, failed: 0 };
	for (const outcome of outcomes) {
		if (outcome.status === 'created') counts.created++;
		else if (outcome.status === 'updated') counts.updated++;
		else if (outcome.status === 'deleted') counts.deleted++;
		else if (outcome.status === 'failed') counts.failed++;
		else if (outcome.status === 'skipped' && outcome.reason === 'unchanged') continue;
		else counts.skipped++;
	}
	return counts;
}
