import type { Contract, ContractAction, ContractState, Side } from './contract';
import type { DeadLetter, ParkedConflict, WriteIntent } from './contract-store';
import type { SyncCounts, SyncRun, SyncTimings } from './sync-run';

/** Column order of the contract table. */
export const contractColumns = [
	'synchronization_id',
	'origin_id',
	'target_id',
	'origin_hash',
	'target_hash',
	'last_written_origin_hash',
	'last_written_target_hash',
	'config_version',
	'mapping_version',
	'last_action',
	'source_last_checked',
	'target_last_synced',
	'origin_version',
	'created_at',
	'updated_at',
] as const;

/** The values for `contractColumns`, in order (revision is handled by each statement). */
export function contractValues(contract: Contract): (string | null)[] {
	return [
		contract.synchronizationId,
		contract.originId,
		contract.targetId,
		contract.originHash,
		contract.targetHash,
		contract.lastWrittenOriginHash,
		contract.lastWrittenTargetHash,
		contract.configVersion,
		contract.mappingVersion,
		contract.lastAction,
		contract.sourceLastChecked,
		contract.targetLastSynced,
		contract.originVersion === null ? null : String(contract.originVersion),
		contract.createdAt,
		contract.updatedAt,
	];
}

type Row = Record<string, unknown>;

export function contractFromRow(row: Row): Contract {
	return {
		synchronizationId: String(row.synchronization_id),
		originId: String(row.origin_id),
		targetId: text(row.target_id),
		originHash: text(row.origin_hash),
		targetHash: text(row.target_hash),
		lastWrittenOriginHash: text(row.last_written_origin_hash),
		lastWrittenTargetHash: text(row.last_written_target_hash),
		configVersion: text(row.config_version),
		mappingVersion: text(row.mapping_version),
		lastAction: text(row.last_action) as ContractAction | null,
		sourceLastChecked: text(row.source_last_checked),
		targetLastSynced: text(row.target_last_synced),
		originVersion: row.origin_version === null || row.origin_version === undefined ? null : Number(row.origin_version),
		createdAt: String(row.created_at),
		updatedAt: String(row.updated_at),
		revision: Number(row.revision),
	};
}

/** The columns of a `ContractState`: the ids, hashes and versions of `contractColumns`, and the origin version. */
export const stateColumns = [...contractColumns.slice(1, 9), 'origin_version'] as const;

/** Where each named column is in a row read as an array; a column the query did not select is an error. */
function columnPositions(columns: readonly string[]): (name: (typeof contractColumns)[number] | 'revision') => number {
	return (name) => {
		const position = columns.indexOf(name);
		if (position < 0) throw new Error(`The contract query did not select ${name}`);
		return position;
	};
}

/**
 * A `ContractState` of each row read as an array (`SqlDatabase.rowArrays`) of at least `stateColumns`:
 * the column positions are found once, then each row becomes a state without an intermediate object.
 */
export function stateReader(columns: readonly string[]): (values: readonly unknown[]) => ContractState {
	const at = columnPositions(columns);
	const [origin, targetId, originHash, targetHash, writtenOrigin, writtenTarget, config, mapping, version] =
		stateColumns.map(at);
	return (values) => ({
		originId: String(values[origin]),
		targetId: text(values[targetId]),
		originHash: text(values[originHash]),
		targetHash: text(values[targetHash]),
		lastWrittenOriginHash: text(values[writtenOrigin]),
		lastWrittenTargetHash: text(values[writtenTarget]),
		configVersion: text(values[config]),
		mappingVersion: text(values[mapping]),
		originVersion: values[version] === null || values[version] === undefined ? null : Number(values[version]),
	});
}

/** `contractFromRow` for rows read as arrays (`SqlDatabase.rowArrays`): a row's state and the rest of its columns. */
export function contractReader(columns: readonly string[]): (values: readonly unknown[]) => Contract {
	const at = columnPositions(columns);
	const state = stateReader(columns);
	const [sync, action, checked, synced, created, updated, revision] = [
		at('synchronization_id'),
		at('last_action'),
		at('source_last_checked'),
		at('target_last_synced'),
		at('created_at'),
		at('updated_at'),
		at('revision'),
	];
	return (values) => ({
		synchronizationId: String(values[sync]),
		...state(values),
		lastAction: text(values[action]) as ContractAction | null,
		sourceLastChecked: text(values[checked]),
		targetLastSynced: text(values[synced]),
		createdAt: String(values[created]),
		updatedAt: String(values[updated]),
		revision: Number(values[revision]),
	});
}

export function runFromRow(row: Row): SyncRun {
	return {
		synchronizationId: String(row.synchronization_id),
		runId: String(row.run_id),
		startedAt: String(row.started_at),
		finishedAt: String(row.finished_at),
		found: Number(row.found),
		created: Number(row.created),
		updated: Number(row.updated),
		unchanged: Number(row.unchanged),
		deleted: Number(row.deleted),
		skipped: Number(row.skipped),
		failed: Number(row.failed),
		checkMs: Number(row.check_ms),
		writeMs: Number(row.write_ms),
		deleteRefusal: text(row.delete_refusal),
	};
}

export function intentFromRow(row: Row): WriteIntent {
	return {
		synchronizationId: String(row.synchronization_id),
		side: String(row.side) as Side,
		inboundId: String(row.inbound_id),
		action: String(row.action) as WriteIntent['action'],
		idempotencyKey: String(row.idempotency_key),
		hash: String(row.hash),
		createdAt: String(row.created_at),
	};
}

/** `readJson` parses a JSON column as the driver returns it (text in SQLite, parsed in Postgres). */
export function deadLetterFromRow(row: Row, readJson: (value: unknown) => unknown): DeadLetter {
	return {
		id: Number(row.id),
		synchronizationId: String(row.synchronization_id),
		inboundId: String(row.inbound_id),
		action: String(row.action),
		payload: readJson(row.payload),
		errorCode: String(row.error_code),
		errorMessage: String(row.error_message),
		createdAt: String(row.created_at),
	};
}

export function parkedConflictFromRow(row: Row, readJson: (value: unknown) => unknown): ParkedConflict {
	return {
		id: Number(row.id),
		synchronizationId: String(row.synchronization_id),
		originId: String(row.origin_id),
		fields: readJson(row.fields) as string[],
		detail: readJson(row.detail),
		createdAt: String(row.created_at),
	};
}

function text(value: unknown): string | null {
	return value === null || value === undefined ? null : String(value);
}

/** Columns of a run-log increment (the sequence number is added by the statement). */
export const runColumns = [
	'synchronization_id',
	'run_id',
	'started_at',
	'finished_at',
	'found',
	'created',
	'updated',
	'unchanged',
	'deleted',
	'skipped',
	'failed',
	'check_ms',
	'write_ms',
] as const;

/** The insert values of a run-log increment, in `runColumns` order. */
export function runValues(
	synchronizationId: string,
	runId: string,
	now: string,
	counts: Partial<SyncCounts>,
	timings: Partial<SyncTimings>,
): (string | number)[] {
	return [
		synchronizationId,
		runId,
		now,
		now,
		counts.found ?? 0,
		counts.created ?? 0,
		counts.updated ?? 0,
		counts.unchanged ?? 0,
		counts.deleted ?? 0,
		counts.skipped ?? 0,
		counts.failed ?? 0,
		Math.round(timings.checkMs ?? 0),
		Math.round(timings.writeMs ?? 0),
	];
}
