import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { Contract, Side } from './contract';
import { KeyedLock, objectLockKey } from './keyed-lock';
import { contractColumns, contractFromRow, contractValues, runFromRow, runValues, tableNames } from './contract-row';
import {
	StaleContractError,
	type ContractChange,
	type ContractStore,
	type DeadLetter,
	type IntegrationStatus,
	type NewDeadLetter,
	type NewParkedConflict,
	type ParkedConflict,
	type WriteIntent,
} from './contract-store';
import type { SyncCounts, SyncRun, SyncTimings } from './sync-run';

export interface SqliteContractStoreOptions {
	/** Database file; `:memory:` for throwaway stores. The folder is created when missing. */
	path: string;
	tablePrefix?: string;
}

type Row = Record<string, unknown>;

/**
 * The embedded default: one SQLite file (WAL, so readers never block the writer) in the n8n user
 * folder. node:sqlite is synchronous, so every method runs to completion without interleaving, and
 * batches run in one transaction.
 */
// Every handle on one file in this process shares one lock table: a file's writers are this process's.
const fileLocks = new Map<string, KeyedLock>();

function lockForFile(path: string): KeyedLock {
	const key = resolve(path);
	let lock = fileLocks.get(key);
	if (lock === undefined) {
		lock = new KeyedLock();
		fileLocks.set(key, lock);
	}
	return lock;
}

export class SqliteContractStore implements ContractStore {
	readonly kind = 'sqlite';
	private readonly db: DatabaseSync;
	private readonly t: ReturnType<typeof tableNames>;
	private readonly statements = new Map<string, StatementSync>();
	private readonly locks: KeyedLock;

	constructor(options: SqliteContractStoreOptions) {
		this.t = tableNames(options.tablePrefix ?? 'syncbridge_');
		if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
		this.db = new DatabaseSync(options.path);
		this.locks = options.path === ':memory:' ? new KeyedLock() : lockForFile(options.path);
	}

	async init(): Promise<void> {
		const { contracts, intents, runs, deadLetters, parked } = this.t;
		this.db.exec(`
			PRAGMA journal_mode = WAL;
			PRAGMA synchronous = NORMAL;
			PRAGMA busy_timeout = 5000;
			CREATE TABLE IF NOT EXISTS ${contracts} (
				synchronization_id TEXT NOT NULL, origin_id TEXT NOT NULL, target_id TEXT,
				origin_hash TEXT, target_hash TEXT, last_written_origin_hash TEXT, last_written_target_hash TEXT,
				config_version TEXT, mapping_version TEXT, last_action TEXT,
				source_last_checked TEXT, target_last_synced TEXT, origin_version TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
				revision INTEGER NOT NULL DEFAULT 1,
				PRIMARY KEY (synchronization_id, origin_id)
			);
			CREATE INDEX IF NOT EXISTS ${contracts}_target ON ${contracts} (synchronization_id, target_id);
			CREATE TABLE IF NOT EXISTS ${intents} (
				synchronization_id TEXT NOT NULL, side TEXT NOT NULL, inbound_id TEXT NOT NULL,
				action TEXT NOT NULL, idempotency_key TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,
				PRIMARY KEY (synchronization_id, side, inbound_id)
			);
			CREATE TABLE IF NOT EXISTS ${runs} (
				synchronization_id TEXT NOT NULL, run_id TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
				found INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,
				unchanged INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0,
				failed INTEGER NOT NULL DEFAULT 0, check_ms INTEGER NOT NULL DEFAULT 0, write_ms INTEGER NOT NULL DEFAULT 0,
				delete_refusal TEXT, seq INTEGER NOT NULL,
				PRIMARY KEY (synchronization_id, run_id)
			);
			CREATE TABLE IF NOT EXISTS ${deadLetters} (
				id INTEGER PRIMARY KEY AUTOINCREMENT, synchronization_id TEXT NOT NULL, inbound_id TEXT NOT NULL,
				action TEXT NOT NULL, payload TEXT NOT NULL, error_code TEXT NOT NULL, error_message TEXT NOT NULL,
				created_at TEXT NOT NULL
			);
			CREATE TABLE IF NOT EXISTS ${parked} (
				id INTEGER PRIMARY KEY AUTOINCREMENT, synchronization_id TEXT NOT NULL, origin_id TEXT NOT NULL,
				fields TEXT NOT NULL, detail TEXT NOT NULL, created_at TEXT NOT NULL
			);
		`);
		// Stores created before origin versions existed.
		const columns = this.db.prepare(`PRAGMA table_info(${contracts})`).all() as { name: string }[];
		if (!columns.some((column) => column.name === 'origin_version')) this.db.exec(`ALTER TABLE ${contracts} ADD COLUMN origin_version TEXT`);
	}

	/** One process owns a SQLite file, so an in-process lock serialises writers of one object. */
	async withObjectLock<T>(synchronizationId: string, originId: string, work: () => Promise<T>): Promise<T> {
		return this.locks.run(objectLockKey(synchronizationId, originId), work);
	}

	async close(): Promise<void> {
		this.statements.clear();
		this.db.close();
	}

	private stmt(sql: string): StatementSync {
		let statement = this.statements.get(sql);
		if (statement === undefined) {
			statement = this.db.prepare(sql);
			this.statements.set(sql, statement);
		}
		return statement;
	}

	private transaction<T>(work: () => T): T {
		this.db.exec('BEGIN IMMEDIATE');
		let committed = false;
		try {
			const result = work();
			this.db.exec('COMMIT');
			committed = true;
			return result;
		} finally {
			if (!committed) this.db.exec('ROLLBACK');
		}
	}

	async get(synchronizationId: string, originId: string): Promise<Contract | undefined> {
		const row = this.stmt(`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id = ?`).get(
			synchronizationId,
			originId,
		);
		return row === undefined ? undefined : contractFromRow(row as Row);
	}

	async getByTargetId(synchronizationId: string, targetId: string): Promise<Contract | undefined> {
		const row = this.stmt(`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND target_id = ? LIMIT 1`).get(
			synchronizationId,
			targetId,
		);
		return row === undefined ? undefined : contractFromRow(row as Row);
	}

	async getMany(synchronizationId: string, originIds: readonly string[]): Promise<Map<string, Contract>> {
		return this.lookup('origin_id', synchronizationId, originIds, (contract) => contract.originId);
	}

	async getManyByTargetId(synchronizationId: string, targetIds: readonly string[]): Promise<Map<string, Contract>> {
		return this.lookup('target_id', synchronizationId, targetIds, (contract) => contract.targetId ?? '');
	}

	private lookup(column: string, synchronizationId: string, ids: readonly string[], keyOf: (c: Contract) => string) {
		const found = new Map<string, Contract>();
		const statement = this.stmt(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND ${column} IN (SELECT value FROM json_each(?))`,
		);
		for (let start = 0; start < ids.length; start += 5000) {
			const rows = statement.all(synchronizationId, JSON.stringify(ids.slice(start, start + 5000)));
			for (const row of rows) {
				const contract = contractFromRow(row as Row);
				found.set(keyOf(contract), contract);
			}
		}
		return found;
	}

	async listOriginIds(synchronizationId: string): Promise<string[]> {
		const rows = this.stmt(`SELECT origin_id FROM ${this.t.contracts} WHERE synchronization_id = ?`).all(synchronizationId);
		return rows.map((row) => String((row as Row).origin_id));
	}

	async list(synchronizationId: string, options: { limit?: number; afterOriginId?: string } = {}): Promise<Contract[]> {
		const rows = this.stmt(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id > ? ORDER BY origin_id LIMIT ?`,
		).all(synchronizationId, options.afterOriginId ?? '', options.limit ?? 1000);
		return rows.map((row) => contractFromRow(row as Row));
	}

	async count(synchronizationId: string): Promise<number> {
		const row = this.stmt(`SELECT COUNT(*) AS n FROM ${this.t.contracts} WHERE synchronization_id = ?`).get(synchronizationId);
		return Number((row as Row).n);
	}

	async put(contract: Contract, expectedRevision?: number): Promise<Contract> {
		const revision = this.putSync(contract, expectedRevision);
		return { ...contract, revision };
	}

	private putSync(contract: Contract, expectedRevision?: number): number {
		const values = contractValues(contract);
		const { contracts } = this.t;
		if (expectedRevision === 0) {
			const row = this.stmt(
				`INSERT INTO ${contracts} (${contractColumns.join(',')}, revision) VALUES (${placeholders(values.length)}, 1)
				 ON CONFLICT (synchronization_id, origin_id) DO NOTHING RETURNING revision`,
			).get(...values);
			if (row === undefined) throw new StaleContractError(contract.synchronizationId, contract.originId, 0);
			return 1;
		}
		if (expectedRevision !== undefined) {
			const assignments = contractColumns.slice(2).map((column) => `${column} = ?`);
			const row = this.stmt(
				`UPDATE ${contracts} SET ${assignments.join(', ')}, revision = revision + 1
				 WHERE synchronization_id = ? AND origin_id = ? AND revision = ? RETURNING revision`,
			).get(...values.slice(2), contract.synchronizationId, contract.originId, expectedRevision);
			if (row === undefined) throw new StaleContractError(contract.synchronizationId, contract.originId, expectedRevision);
			return Number((row as Row).revision);
		}
		const updates = contractColumns.slice(2, -2).map((column) => `${column} = excluded.${column}`);
		const row = this.stmt(
			`INSERT INTO ${contracts} (${contractColumns.join(',')}, revision) VALUES (${placeholders(values.length)}, 1)
			 ON CONFLICT (synchronization_id, origin_id) DO UPDATE SET ${updates.join(', ')},
			 updated_at = excluded.updated_at, revision = ${contracts}.revision + 1 RETURNING revision`,
		).get(...values);
		return Number((row as Row).revision);
	}

	async putMany(contracts: readonly Contract[]): Promise<void> {
		this.transaction(() => {
			for (const contract of contracts) this.putSync(contract);
		});
	}

	async delete(synchronizationId: string, originId: string): Promise<boolean> {
		const result = this.stmt(`DELETE FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id = ?`).run(
			synchronizationId,
			originId,
		);
		return Number(result.changes) > 0;
	}

	async getIntent(synchronizationId: string, side: Side, inboundId: string): Promise<WriteIntent | undefined> {
		const row = this.stmt(
			`SELECT * FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND inbound_id = ?`,
		).get(synchronizationId, side, inboundId) as Row | undefined;
		if (row === undefined) return undefined;
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

	async putIntent(intent: WriteIntent): Promise<void> {
		this.stmt(
			`INSERT INTO ${this.t.intents} (synchronization_id, side, inbound_id, action, idempotency_key, hash, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (synchronization_id, side, inbound_id) DO UPDATE SET action = excluded.action,
			 idempotency_key = excluded.idempotency_key, hash = excluded.hash, created_at = excluded.created_at`,
		).run(intent.synchronizationId, intent.side, intent.inboundId, intent.action, intent.idempotencyKey, intent.hash, intent.createdAt);
	}

	async clearIntent(synchronizationId: string, side: Side, inboundId: string): Promise<void> {
		this.stmt(`DELETE FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND inbound_id = ?`).run(
			synchronizationId,
			side,
			inboundId,
		);
	}

	async commitWrite(
		intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>,
		change: ContractChange,
	): Promise<void> {
		this.transaction(() => {
			if ('put' in change) this.putSync(change.put, change.expectedRevision);
			else
				this.stmt(`DELETE FROM ${this.t.contracts} WHERE synchronization_id = ? AND origin_id = ?`).run(
					change.delete.synchronizationId,
					change.delete.originId,
				);
			this.stmt(`DELETE FROM ${this.t.intents} WHERE synchronization_id = ? AND side = ? AND inbound_id = ?`).run(
				intent.synchronizationId,
				intent.side,
				intent.inboundId,
			);
		});
	}

	async recordRun(
		synchronizationId: string,
		runId: string,
		counts: Partial<SyncCounts>,
		timings: Partial<SyncTimings> = {},
	): Promise<void> {
		const now = new Date().toISOString();
		this.stmt(
			`INSERT INTO ${this.t.runs} (synchronization_id, run_id, started_at, finished_at, found, created, updated,
			 unchanged, deleted, skipped, failed, check_ms, write_ms, seq)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ${this.t.runs}))
			 ON CONFLICT (synchronization_id, run_id) DO UPDATE SET finished_at = excluded.finished_at,
			 found = found + excluded.found, created = created + excluded.created, updated = updated + excluded.updated,
			 unchanged = unchanged + excluded.unchanged, deleted = deleted + excluded.deleted,
			 skipped = skipped + excluded.skipped, failed = failed + excluded.failed,
			 check_ms = check_ms + excluded.check_ms, write_ms = write_ms + excluded.write_ms`,
		).run(...runValues(synchronizationId, runId, now, counts, timings));
	}

	async recordDeleteRefusal(synchronizationId: string, runId: string, report: unknown): Promise<void> {
		await this.recordRun(synchronizationId, runId, {});
		this.stmt(`UPDATE ${this.t.runs} SET delete_refusal = ? WHERE synchronization_id = ? AND run_id = ?`).run(
			JSON.stringify(report),
			synchronizationId,
			runId,
		);
	}

	async getRun(synchronizationId: string, runId: string): Promise<SyncRun | undefined> {
		const row = this.stmt(`SELECT * FROM ${this.t.runs} WHERE synchronization_id = ? AND run_id = ?`).get(
			synchronizationId,
			runId,
		);
		return row === undefined ? undefined : runFromRow(row as Row);
	}

	async getLastRun(synchronizationId: string): Promise<SyncRun | undefined> {
		const row = this.stmt(`SELECT * FROM ${this.t.runs} WHERE synchronization_id = ? ORDER BY seq DESC LIMIT 1`).get(
			synchronizationId,
		);
		return row === undefined ? undefined : runFromRow(row as Row);
	}

	async addDeadLetter(letter: NewDeadLetter): Promise<number> {
		const result = this.stmt(
			`INSERT INTO ${this.t.deadLetters} (synchronization_id, inbound_id, action, payload, error_code, error_message, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?)`,
		).run(
			letter.synchronizationId,
			letter.inboundId,
			letter.action,
			JSON.stringify(letter.payload ?? null),
			letter.errorCode,
			letter.errorMessage,
			new Date().toISOString(),
		);
		return Number(result.lastInsertRowid);
	}

	async listDeadLetters(synchronizationId: string, limit = 1000): Promise<DeadLetter[]> {
		const rows = this.stmt(`SELECT * FROM ${this.t.deadLetters} WHERE synchronization_id = ? ORDER BY id LIMIT ?`).all(
			synchronizationId,
			limit,
		);
		return rows.map((row) => {
			const r = row as Row;
			return {
				id: Number(r.id),
				synchronizationId: String(r.synchronization_id),
				inboundId: String(r.inbound_id),
				action: String(r.action),
				payload: JSON.parse(String(r.payload)) as unknown,
				errorCode: String(r.error_code),
				errorMessage: String(r.error_message),
				createdAt: String(r.created_at),
			};
		});
	}

	async deleteDeadLetter(id: number): Promise<void> {
		this.stmt(`DELETE FROM ${this.t.deadLetters} WHERE id = ?`).run(id);
	}

	async parkConflict(conflict: NewParkedConflict): Promise<number> {
		const result = this.stmt(
			`INSERT INTO ${this.t.parked} (synchronization_id, origin_id, fields, detail, created_at) VALUES (?, ?, ?, ?, ?)`,
		).run(
			conflict.synchronizationId,
			conflict.originId,
			JSON.stringify(conflict.fields),
			JSON.stringify(conflict.detail ?? null),
			new Date().toISOString(),
		);
		return Number(result.lastInsertRowid);
	}

	async listParkedConflicts(synchronizationId: string, limit = 1000): Promise<ParkedConflict[]> {
		const rows = this.stmt(`SELECT * FROM ${this.t.parked} WHERE synchronization_id = ? ORDER BY id LIMIT ?`).all(
			synchronizationId,
			limit,
		);
		return rows.map((row) => {
			const r = row as Row;
			return {
				id: Number(r.id),
				synchronizationId: String(r.synchronization_id),
				originId: String(r.origin_id),
				fields: JSON.parse(String(r.fields)) as string[],
				detail: JSON.parse(String(r.detail)) as unknown,
				createdAt: String(r.created_at),
			};
		});
	}

	async deleteParkedConflict(id: number): Promise<void> {
		this.stmt(`DELETE FROM ${this.t.parked} WHERE id = ?`).run(id);
	}

	async status(synchronizationId: string): Promise<IntegrationStatus> {
		const scalar = (sql: string) => Number((this.stmt(sql).get(synchronizationId) as Row).n);
		return {
			synchronizationId,
			contracts: scalar(`SELECT COUNT(*) AS n FROM ${this.t.contracts} WHERE synchronization_id = ?`),
			withTargetId: scalar(
				`SELECT COUNT(*) AS n FROM ${this.t.contracts} WHERE synchronization_id = ? AND target_id IS NOT NULL`,
			),
			pendingIntents: scalar(`SELECT COUNT(*) AS n FROM ${this.t.intents} WHERE synchronization_id = ?`),
			deadLetters: scalar(`SELECT COUNT(*) AS n FROM ${this.t.deadLetters} WHERE synchronization_id = ?`),
			parkedConflicts: scalar(`SELECT COUNT(*) AS n FROM ${this.t.parked} WHERE synchronization_id = ?`),
			lastRun: await this.getLastRun(synchronizationId),
		};
	}
}

function placeholders(count: number): string {
	return Array.from({ length: count }, () => '?').join(', ');
}
