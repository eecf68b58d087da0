export const syncCountNames = ['found', 'created', 'updated', 'unchanged', 'deleted', 'skipped', 'failed'] as const;
export type SyncCountName = (typeof syncCountNames)[number];
export type SyncCounts = Record<SyncCountName, number>;

export const timingNames = ['checkMs', 'writeMs'] as const;
export type TimingName = (typeof timingNames)[number];
export type SyncTimings = Record<TimingName, number>;

/** The log of one run of one synchronization (one n8n execution); counters only ever grow. */
export interface SyncRun extends SyncCounts, SyncTimings {
	synchronizationId: string;
	runId: string;
	startedAt: string;
	finishedAt: string;
	/** Set when a delete pass refused; the report as JSON text. */
	deleteRefusal: string | null;
}

export function zeroCounts(): SyncCounts {
	return { found: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, skipped: 0, failed: 0 };
}

export function zeroTimings(): SyncTimings {
	return { checkMs: 0, writeMs: 0 };
}
