import { Pool, type PoolConfig } from 'pg';
import { assertStoreName, schemaStatements } from './contract-schema';
import { KeyedLock, objectLockKey } from './keyed-lock';
import { SqlContractStore } from './sql-contract-store';
import type { SqlDatabase, SqlRow, SqlRowArrays, SqlStatement, SqlValue } from './sql-database';

export interface PostgresContractStoreOptions {
	/** A pg pool configuration (connectionString or host/port/user/password/database/ssl). */
	pool: PoolConfig;
	schema?: string;
	tablePrefix?: string;
	/** Sessions reserved for object locks (`withObjectLock`); default 8. */
	lockConnections?: number;
}

/** Postgres through a pg pool; the shared SQL's `?` placeholders become `$1`, `$2`, … */
class PostgresDatabase implements SqlDatabase {
	readonly types = { integer: 'BIGINT', id: 'BIGSERIAL PRIMARY KEY', json: 'JSONB', runSeq: 'BIGSERIAL' };
	readonly writableCte = true;
	private readonly numbered = new Map<string, string>();

	constructor(
		readonly pool: Pool,
		readonly schema: string,
	) {}

	table(name: string): string {
		return `"${this.schema}"."${name}"`;
	}

	inList(column: string): string {
		return `${column} = ANY(?::text[])`;
	}

	listValue(ids: readonly string[]): SqlValue {
		return ids;
	}

	nextRunSeq(runsTable: string): string {
		return `nextval(pg_get_serial_sequence('${runsTable}', 'seq'))`;
	}

	readJson(value: unknown): unknown {
		return value;
	}

	async rows(sql: string, values: readonly SqlValue[]): Promise<SqlRow[]> {
		const result = await this.pool.query(this.numberedSql(sql), values as unknown[]);
		return result.rows as SqlRow[];
	}

	async rowArrays(sql: string, values: readonly SqlValue[]): Promise<SqlRowArrays> {
		const result = await this.pool.query({
			text: this.numberedSql(sql),
			values: values as unknown[],
			rowMode: 'array',
		});
		return { columns: result.fields.map((field) => field.name), rows: result.rows as unknown[][] };
	}

	async transaction(statements: readonly SqlStatement[]): Promise<void> {
		const client = await this.pool.connect();
		let committed = false;
		try {
			await client.query('BEGIN');
			for (const { sql, values, orElse, expectedRows = 1 } of statements) {
				const result = await client.query(this.numberedSql(sql), values as unknown[]);
				if (orElse !== undefined && (result.rowCount ?? 0) < expectedRows) throw orElse();
			}
			await client.query('COMMIT');
			committed = true;
		} finally {
			if (!committed) await client.query('ROLLBACK').catch(() => undefined);
			client.release();
		}
	}

	private numberedSql(sql: string): string {
		let numbered = this.numbered.get(sql);
		if (numbered === undefined) {
			let index = 0;
			numbered = sql.replaceAll('?', () => `$${++index}`);
			this.numbered.set(sql, numbered);
		}
		return numbered;
	}
}

/**
 * For n8n queue mode: several workers share one store. Writers of one object are serialised across
 * processes with session advisory locks.
 */
export class PostgresContractStore extends SqlContractStore {
	readonly kind = 'postgres';
	private readonly postgres: PostgresDatabase;
	private readonly lockPool: Pool;
	private readonly locks = new KeyedLock();

	constructor(options: PostgresContractStoreOptions) {
		const schema = options.schema ?? 'public';
		assertStoreName('schema name', schema);
		const database = new PostgresDatabase(new Pool({ max: 8, ...options.pool }), schema);
		super(database, options.tablePrefix ?? 'syncbridge_');
		this.postgres = database;
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
				await client
					.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`${this.t.contracts}:${key}`])
					.catch(() => {
						healthy = false;
					});
				// A session whose unlock failed may still hold the lock: drop it rather than reuse it.
				client.release(!healthy);
			}
		});
	}

	/**
	 * `withObjectLock` for a chunk, on one session: the advisory locks are taken in the order of their
	 * hashes, so two processes locking overlapping chunks never wait on each other in a cycle, and
	 * released together.
	 */
	async withObjectLocks<T>(
		synchronizationId: string,
		originIds: readonly string[],
		work: () => Promise<T>,
	): Promise<T> {
		const keys = originIds.map((originId) => objectLockKey(synchronizationId, originId));
		return this.locks.runAll(keys, async () => {
			const client = await this.lockPool.connect();
			let healthy = true;
			try {
				await client.query(
					`SELECT pg_advisory_lock(hash) FROM (SELECT DISTINCT hashtextextended(key, 0) AS hash
					 FROM unnest($1::text[]) AS key ORDER BY hash) AS ordered`,
					[keys.map((key) => `${this.t.contracts}:${key}`)],
				);
				return await work();
			} finally {
				// The session holds only this chunk's locks.
				await client.query('SELECT pg_advisory_unlock_all()').catch(() => {
					healthy = false;
				});
				client.release(!healthy);
			}
		});
	}

	async init(): Promise<void> {
		const { schema, pool } = this.postgres;
		const client = await pool.connect();
		let committed = false;
		try {
			// Concurrent workers starting together would race on CREATE IF NOT EXISTS; serialise them.
			await client.query('BEGIN');
			await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
				`syncbridge-init:${schema}:${this.t.contracts}`,
			]);
			await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
			for (const statement of schemaStatements(this.tablePrefix, this.postgres)) await client.query(statement);
			// Stores created before origin versions existed.
			await client.query(`ALTER TABLE ${this.t.contracts} ADD COLUMN IF NOT EXISTS origin_version TEXT`);
			await client.query('COMMIT');
			committed = true;
		} finally {
			if (!committed) await client.query('ROLLBACK').catch(() => undefined);
			client.release();
		}
	}

	async close(): Promise<void> {
		await this.lockPool.end();
		await this.postgres.pool.end();
	}
}
