import type { ReplayRecord } from './object-replay-store';

const MAX_SCOPES = 1_000;
const records = new Map<string, ReplayRecord>();

/**
 * The replay record of one endpoint (scope) shared by every delivery this process handles, seeded
 * once from a persisted copy. Checking and recording against one in-process object makes replay
 * detection atomic within the process and independent of when the persisted copy is written back.
 */
export function processReplayRecord(scope: string, persisted?: unknown): ReplayRecord {
	const existing = records.get(scope);
	if (existing) return existing;
	const record: ReplayRecord = {};
	if (persisted !== null && typeof persisted === 'object' && !Array.isArray(persisted)) {
		for (const [key, expiry] of Object.entries(persisted)) {
			if (typeof expiry === 'number' && Number.isFinite(expiry)) record[key] = expiry;
		}
	}
	records.set(scope, record);
	for (const oldest of records.keys()) {
		if (records.size <= MAX_SCOPES) break;
		records.delete(oldest);
	}
	return record;
}

/** Forgets every process-level record (tests, or a host that wants to drop state). */
export function clearProcessReplayRecords(): void {
	records.clear();
}
