import { Pool, type PoolClient, type PoolConfig } from 'pg';
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

export interface PostgresContractStoreOptions {
	/** A pg pool configuration (connectionString or host/port/user/password/database/ssl). */
	pool: PoolConfig;
	schema?: string;
	tablePrefix?: string;
	/** Sessions reserved for object locks (`withObjectLock`); default 8. */
	lockConnections?: number;
}

type Row = Record<string, unknown>;

/**
 * For n8n queue mode: several workers share one store. Every write is a single statement with
 * ON CONFLICT, counters are incremented in SQL, and conditional writes compare the revision, so
 * concurrent workers never lose an update.
 */
export class PostgresContractStore implements ContractStore {
	readonly kind = 'postgres';
	private readonly pool: Pool;
	private readonly lockPool: Pool;
	private readonly locks = new KeyedLock();
	private readonly schema: string;
	private readonly t: ReturnType<typeof tableNames>;

	constructor(options: PostgresContractStoreOptions) {
		this.schema = options.schema ?? 'public';
		if (!/^[a-z_][a-z0-9_]*$/i.test(this.schema)) throw new Error(`Invalid schema name "${this.schema}"`);
		const names = tableNames(options.tablePrefix ?? 'syncbridge_');
		const qualify = (name: string) => `"${this.schema}"."${name}"`;
		this.t = {
			contracts: qualify(names.contracts),
			intents: qualify(names.intents),
			runs: qualify(names.runs),
			deadLetters: qualify(names.deadLetters),
			parked: qualify(names.parked),
		};
		this.pool = new Pool({ max: 8, ...options.pool });
		// Object locks hold a session for the whole write (target call included); a pool of their own
		// means a writer waiting for a lock never holds a connection the lock holders need.
		this.lockPool = new Pool({ ...options.pool, max: options.lockConnections ?? 8 });
	}

	/**
	 * Serialises writers of one object across every process sharing this database: a session
	 * advisory lock on a hash of the key (Postgres releases it when the session ends, so a killed
	 * worker never leaves it held). Writers in the same process queue in memory first, so one
	 * process holds at most one session per object.
	 */
	async withObjectLock<T>(synchronizationId: string, originId: string, work: () => Promise<T>): Promise<T> {
		const key = objectLockKey(synchronizationId, originId);
		return this.locks.run(key, async () => {
			const client = await this.lockPool.connect();
			let healthy = true;
			try {
				await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`${this.t.contracts}:${key}`]);
				return await work();
			} finally {
				await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`${this.t.contracts}:${key}`]).catch(() => {
					healthy = false;
				});
				// A session whose unlock failed may still hold the lock: drop it rather than reuse it.
				client.release(!healthy);
			}
		});
	}

	async init(): Promise<void> {
		const { contracts, intents, runs, deadLetters, parked } = this.t;
		const client = await this.pool.connect();
		let committed = false;
		try {
			// Concurrent workers starting together would race on CREATE IF NOT EXISTS; serialise them.
			await client.query('BEGIN');
			await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`syncbridge-init:${this.schema}:${contracts}`]);
			await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
			await client.query(`
				CREATE TABLE IF NOT EXISTS ${contracts} (
					synchronization_id TEXT NOT NULL, origin_id TEXT NOT NULL, target_id TEXT,
					origin_hash TEXT, target_hash TEXT, last_written_origin_hash TEXT, last_written_target_hash TEXT,
					config_version TEXT, mapping_version TEXT, last_action TEXT,
					source_last_checked TEXT, target_last_synced TEXT, origin_version TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
					revision BIGINT NOT NULL DEFAULT 1,
					PRIMARY KEY (synchronization_id, origin_id)
				);
				ALTER TABLE ${contracts} ADD COLUMN IF NOT EXISTS origin_version TEXT;
				CREATE INDEX IF NOT EXISTS ${indexName(contracts, 'target')} ON ${contracts} (synchronization_id, target_id);
				CREATE TABLE IF NOT EXISTS ${intents} (
					synchronization_id TEXT NOT NULL, side TEXT NOT NULL, inbound_id TEXT NOT NULL,
					action TEXT NOT NULL, idempotency_key TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,
					PRIMARY KEY (synchronization_id, side, inbound_id)
				);
				CREATE TABLE IF NOT EXISTS ${runs} (
					synchronization_id TEXT NOT NULL, run_id TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
					found BIGINT NOT NULL DEFAULT 0, created BIGINT NOT NULL DEFAULT 0, updated BIGINT NOT NULL DEFAULT 0,
					unchanged BIGINT NOT NULL DEFAULT 0, deleted BIGINT NOT NULL DEFAULT 0, skipped BIGINT NOT NULL DEFAULT 0,
					failed BIGINT NOT NULL DEFAULT 0, check_ms BIGINT NOT NULL DEFAULT 0, write_ms BIGINT NOT NULL DEFAULT 0,
					delete_refusal TEXT, seq BIGSERIAL,
					PRIMARY KEY (synchronization_id, run_id)
				);
				CREATE TABLE IF NOT EXISTS ${deadLetters} (
					id BIGSERIAL PRIMARY KEY, synchronization_id TEXT NOT NULL, inbound_id TEXT NOT NULL,
					action TEXT NOT NULL, payload JSONB NOT NULL, error_code TEXT NOT NULL, error_message TEXT NOT NULL,
					created_at TEXT NOT NULL
				);
				CREATE TABLE IF NOT EXISTS ${parked} (
					id BIGSERIAL PRIMARY KEY, synchronization_id TEXT NOT NULL, origin_id TEXT NOT NULL,
					fields JSONB NOT NULL, detail JSONB NOT NULL, created_at TEXT NOT NULL
				);
			`);
			await client.query('COMMIT');
			committed = true;
		} finally {
			if (!committed) await client.query('ROLLBACK').catch(() => undefined);
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.lockPool.end();
		await this.pool.end();
	}

	private async rows(sql: string, values: unknown[], client: Pool | PoolClient = this.pool): Promise<Row[]> {
		const result = await client.query(sql, values);
		return result.rows as Row[];
	}

	async get(synchronizationId: string, originId: string): Promise<Contract | undefined> {
		const [row] = await this.rows(`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = $1 AND origin_id = $2`, [
			synchronizationId,
			originId,
		]);
		return row === undefined ? undefined : contractFromRow(row);
	}

	async getByTargetId(synchronizationId: string, targetId: string): Promise<Contract | undefined> {
		const [row] = await this.rows(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = $1 AND target_id = $2 LIMIT 1`,
			[synchronizationId, targetId],
		);
		return row === undefined ? undefined : contractFromRow(row);
	}

	async getMany(synchronizationId: string, originIds: readonly string[]): Promise<Map<string, Contract>> {
		return this.lookup('origin_id', synchronizationId, originIds, (contract) => contract.originId);
	}

	async getManyByTargetId(synchronizationId: string, targetIds: readonly string[]): Promise<Map<string, Contract>> {
		return this.lookup('target_id', synchronizationId, targetIds, (contract) => contract.targetId ?? '');
	}

	private async lookup(column: string, synchronizationId: string, ids: readonly string[], keyOf: (c: Contract) => string) {
		const found = new Map<string, Contract>();
		for (let start = 0; start < ids.length; start += 5000) {
			const rows = await this.rows(
				`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = $1 AND ${column} = ANY($2::text[])`,
				[synchronizationId, ids.slice(start, start + 5000)],
			);
			for (const row of rows) {
				const contract = contractFromRow(row);
				found.set(keyOf(contract), contract);
			}
		}
		return found;
	}

	async listOriginIds(synchronizationId: string): Promise<string[]> {
		const rows = await this.rows(`SELECT origin_id FROM ${this.t.contracts} WHERE synchronization_id = $1`, [synchronizationId]);
		return rows.map((row) => String(row.origin_id));
	}

	async list(synchronizationId: string, options: { limit?: number; afterOriginId?: string } = {}): Promise<Contract[]> {
		const rows = await this.rows(
			`SELECT * FROM ${this.t.contracts} WHERE synchronization_id = $1 AND origin_id > $2 ORDER BY origin_id LIMIT $3`,
			[synchronizationId, options.afterOriginId ?? '', options.limit ?? 1000],
		);
		return rows.map(contractFromRow);
	}

	async count(synchronizationId: string): Promise<number> {
		const [row] = await this.rows(`SELECT COUNT(*) AS n FROM ${this.t.contracts} WHERE synchronization_id = $1`, [
			synchronizationId,
		]);
		return Number(row?.n ?? 0);
	}

	async put(contract: Contract, expectedRevision?: number): Promise<Contract> {
		return { ...contract, revision: await this.putWith(this.pool, contract, expectedRevision) };
	}

	private async putWith(client: Pool | PoolClient, contract: Contract, expectedRevision?: number): Promise<number> {
		const { sql, values } = this.putStatement(contract, expectedRevision);
		const [row] = await this.rows(sql, values, client);
		if (row === undefined) throw new StaleContractError(contract.synchronizationId, contract.originId, expectedRevision ?? 0);
		return Number(row.revision);
	}

	/** One statement returning the new revision, or no row when a conditional write is stale. */
	private putStatement(contract: Contract, expectedRevision?: number): { sql: string; values: unknown[] } {
		const values = contractValues(contract);
		const params = values.map((_, index) => `$${index + 1}`).join(', ');
		const { contracts } = this.t;
		if (expectedRevision === 0) {
			return {
				sql: `INSERT INTO ${contracts} (${contractColumns.join(',')}, revision) VALUES (${params}, 1)
				 ON CONFLICT (synchronization_id, origin_id) DO NOTHING RETURNING revision`,
				values,
			};
		}
		if (expectedRevision !== undefined) {
			const assignments = contractColumns.slice(2).map((column, index) => `${column} = $${index + 3}`);
			return {
				sql: `UPDATE ${contracts} SET ${assignments.join(', ')}, revision = revision + 1
				 WHERE synchronization_id = $1 AND origin_id = $2 AND revision = $${values.length + 1} RETURNING revision`,
				values: [...values, expectedRevision],
			};
		}
		const updates = contractColumns.slice(2, -2).map((column) => `${column} = EXCLUDED.${column}`);
		return {
			sql: `INSERT INTO ${contracts} AS c (${contractColumns.join(',')}, revision) VALUES (${params}, 1)
			 ON CONFLICT (synchronization_id, origin_id) DO UPDATE SET ${updates.join(', ')},
			 updated_at = EXCLUDED.updated_at, revision = c.revision + 1 RETURNING revision`,
			values,
		};
	}

	private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		let committed = false;
		try {
			await client.query('BEGIN');
			const result = await work(client);
			await client.query('COMMIT');
			committed = true;
			return result;
		} finally {
			if (!committed) await client.query('ROLLBACK').catch(() => undefined);
			client.release();
		}
	}

	async putMany(contracts: readonly Contract[]): Promise<void> {
		if (contracts.length === 0) return;
		const width = contractColumns.length;
		await this.transaction(async (client) => {
			// Multi-row upserts of up to 1000 rows; a batch must not name the same contract twice.
			for (let start = 0; start < contracts.length; start += 1000) {
				const slice = dedupe(contracts.slice(start, start + 1000));
				const values: (string | null)[] = [];
				const tuples = slice.map((contract, row) => {
					values.push(...contractValues(contract));
					return `(${contractColumns.map((_, column) => `$${row * width + column + 1}`).join(', ')}, 1)`;
				});
				const updates = contractColumns.slice(2).filter((column) => column !== 'created_at').map((column) => `${column} = EXCLUDED.${column}`);
				await client.query(
					`INSERT INTO ${this.t.contracts} AS c (${contractColumns.join(',')}, revision) VALUES ${tuples.join(', ')}
					 ON CONFLICT (synchronization_id, origin_id) DO UPDATE SET ${updates.join(', ')}, revision = c.revision + 1`,
					values,
				);
			}
		});
	}

	async delete(synchronizationId: string, originId: string): Promise<boolean> {
		const result = await this.pool.query(
			`DELETE FROM ${this.t.contracts} WHERE synchronization_id = $1 AND origin_id = $2`,
			[synchronizationId, originId],
		);
		return (result.rowCount ?? 0) > 0;
	}

	async getIntent(synchronizationId: string, side: Side, inboundId: string): Promise<WriteIntent | undefined> {
		const [row] = await this.rows(
			`SELECT * FROM ${this.t.intents} WHERE synchronization_id = $1 AND side = $2 AND inbound_id = $3`,
			[synchronizationId, side, inboundId],
		);
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
		await this.pool.query(
			`INSERT INTO ${this.t.intents} (synchronization_id, side, inbound_id, action, idempotency_key, hash, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)
			 ON CONFLICT (synchronization_id, side, inbound_id) DO UPDATE SET action = EXCLUDED.action,
			 idempotency_key = EXCLUDED.idempotency_key, hash = EXCLUDED.hash, created_at = EXCLUDED.created_at`,
			[intent.synchronizationId, intent.side, intent.inboundId, intent.action, intent.idempotencyKey, intent.hash, intent.createdAt],
		);
	}

	async clearIntent(synchronizationId: string, side: Side, inboundId: string): Promise<void> {
		await this.pool.query(
			`DELETE FROM ${this.t.intents} WHERE synchronization_id = $1 AND side = $2 AND inbound_id = $3`,
			[synchronizationId, side, inboundId],
		);
	}

	async commitWrite(intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>, change: ContractChange): Promise<void> {
		// One statement, hence atomic without a transaction round trip: the intent is cleared only
		// when the contract write took effect.
		if ('put' in change) {
			const { sql, values } = this.putStatement(change.put, change.expectedRevision);
			const n = values.length;
			const [row] = await this.rows(
				`WITH written AS (${sql}),
				 cleared AS (DELETE FROM ${this.t.intents} WHERE synchronization_id = $${n + 1} AND side = $${n + 2}
				   AND inbound_id = $${n + 3} AND EXISTS (SELECT 1 FROM written))
				 SELECT revision FROM written`,
				[...values, intent.synchronizationId, intent.side, intent.inboundId],
			);
			if (row === undefined) throw new StaleContractError(change.put.synchronizationId, change.put.originId, change.expectedRevision ?? 0);
			return;
		}
		await this.pool.query(
			`WITH removed AS (DELETE FROM ${this.t.contracts} WHERE synchronization_id = $1 AND origin_id = $2)
			 DELETE FROM ${this.t.intents} WHERE synchronization_id = $3 AND side = $4 AND inbound_id = $5`,
			[change.delete.synchronizationId, change.delete.originId, intent.synchronizationId, intent.side, intent.inboundId],
		);
	}

	async recordRun(
		synchronizationId: string,
		runId: string,
		counts: Partial<SyncCounts>,
		timings: Partial<SyncTimings> = {},
	): Promise<void> {
		await this.pool.query(
			`INSERT INTO ${this.t.runs} AS r (synchronization_id, run_id, started_at, finished_at, found, created, updated,
			 unchanged, deleted, skipped, failed, check_ms, write_ms)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			 ON CONFLICT (synchronization_id, run_id) DO UPDATE SET finished_at = GREATEST(r.finished_at, EXCLUDED.finished_at),
			 found = r.found + EXCLUDED.found, created = r.created + EXCLUDED.created, updated = r.updated + EXCLUDED.updated,
			 unchanged = r.unchanged + EXCLUDED.unchanged, deleted = r.deleted + EXCLUDED.deleted,
			 skipped = r.skipped + EXCLUDED.skipped, failed = r.failed + EXCLUDED.failed,
			 check_ms = r.check_ms + EXCLUDED.check_ms, write_ms = r.write_ms + EXCLUDED.write_ms`,
			runValues(synchronizationId, runId, new Date().toISOString(), counts, timings),
		);
	}

	async recordDeleteRefusal(synchronizationId: string, runId: string, report: unknown): Promise<void> {
		await this.recordRun(synchronizationId, runId, {});
		await this.pool.query(`UPDATE ${this.t.runs} SET delete_refusal = $1 WHERE synchronization_id = $2 AND run_id = $3`, [
			JSON.stringify(report),
			synchronizationId,
			runId,
		]);
	}

	async getRun(synchronizationId: string, runId: string): Promise<SyncRun | undefined> {
		const [row] = await this.rows(`SELECT * FROM ${this.t.runs} WHERE synchronization_id = $1 AND run_id = $2`, [
			synchronizationId,
			runId,
		]);
		return row === undefined ? undefined : runFromRow(row);
	}

	async getLastRun(synchronizationId: string): Promise<SyncRun | undefined> {
		const [row] = await this.rows(
			`SELECT * FROM ${this.t.runs} WHERE synchronization_id = $1 ORDER BY seq DESC LIMIT 1`,
			[synchronizationId],
		);
		return row === undefined ? undefined : runFromRow(row);
	}

	async addDeadLetter(letter: NewDeadLetter): Promise<number> {
		const [row] = await this.rows(
			`INSERT INTO ${this.t.deadLetters} (synchronization_id, inbound_id, action, payload, error_code, error_message, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			[
				letter.synchronizationId,
				letter.inboundId,
				letter.action,
				JSON.stringify(letter.payload ?? null),
				letter.errorCode,
				letter.errorMessage,
				new Date().toISOString(),
			],
		);
		return Number(row.id);
	}

	async listDeadLetters(synchronizationId: string, limit = 1000): Promise<DeadLetter[]> {
		const rows = await this.rows(
			`SELECT * FROM ${this.t.deadLetters} WHERE synchronization_id = $1 ORDER BY id LIMIT $2`,
			[synchronizationId, limit],
		);
		return rows.map((row) => ({
			id: Number(row.id),
			synchronizationId: String(row.synchronization_id),
			inboundId: String(row.inbound_id),
			action: String(row.action),
			payload: row.payload,
			errorCode: String(row.error_code),
			errorMessage: String(row.error_message),
			createdAt: String(row.created_at),
		}));
	}

	async deleteDeadLetter(id: number): Promise<void> {
		await this.pool.query(`DELETE FROM ${this.t.deadLetters} WHERE id = $1`, [id]);
	}

	async parkConflict(conflict: NewParkedConflict): Promise<number> {
		const [row] = await this.rows(
			`INSERT INTO ${this.t.parked} (synchronization_id, origin_id, fields, detail, created_at)
			 VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			[
				conflict.synchronizationId,
				conflict.originId,
				JSON.stringify(conflict.fields),
				JSON.stringify(conflict.detail ?? null),
				new Date().toISOString(),
			],
		);
		return Number(row.id);
	}

	async listParkedConflicts(synchronizationId: string, limit = 1000): Promise<ParkedConflict[]> {
		const rows = await this.rows(`SELECT * FROM ${this.t.parked} WHERE synchronization_id = $1 ORDER BY id LIMIT $2`, [
			synchronizationId,
			limit,
		]);
		return rows.map((row) => ({
			id: Number(row.id),
			synchronizationId: String(row.synchronization_id),
			originId: String(row.origin_id),
			fields: row.fields as string[],
			detail: row.detail,
			createdAt: String(row.created_at),
		}));
	}

	async deleteParkedConflict(id: number): Promise<void> {
		await this.pool.query(`DELETE FROM ${this.t.parked} WHERE id = $1`, [id]);
	}

	async status(synchronizationId: string): Promise<IntegrationStatus> {
		const [row] = await this.rows(
			`SELECT
				(SELECT COUNT(*) FROM ${this.t.contracts} WHERE synchronization_id = $1) AS contracts,
				(SELECT COUNT(*) FROM ${this.t.contracts} WHERE synchronization_id = $1 AND target_id IS NOT NULL) AS with_target,
				(SELECT COUNT(*) FROM ${this.t.intents} WHERE synchronization_id = $1) AS intents,
				(SELECT COUNT(*) FROM ${this.t.deadLetters} WHERE synchronization_id = $1) AS dead_letters,
				(SELECT COUNT(*) FROM ${this.t.parked} WHERE synchronization_id = $1) AS parked`,
			[synchronizationId],
		);
		return {
			synchronizationId,
			contracts: Number(row.contracts),
			withTargetId: Number(row.with_target),
			pendingIntents: Number(row.intents),
			deadLetters: Number(row.dead_letters),
			parkedConflicts: Number(row.parked),
			lastRun: await this.getLastRun(synchronizationId),
		};
	}
}

function indexName(qualifiedTable: string, suffix: string): string {
	// CREATE INDEX takes an unqualified name; it lands in the table's schema.
	const table = qualifiedTable.split('.')[1].replaceAll('"', '');
	return `"${table}_${suffix}"`;
}

function dedupe(contracts: readonly Contract[]): Contract[] {
	const last = new Map<string, Contract>();
	for (const contract of contracts) last.set(`${contract.synchronizationId}\u0000${contract.originId}`, contract);
	return [...last.values()];
}
