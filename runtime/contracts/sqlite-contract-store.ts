import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { assertStoreName, schemaStatements } from './contract-schema';
import { KeyedLock, objectLockKey } from './keyed-lock';
import { SqlContractStore } from './sql-contract-store';
import type { SqlDatabase, SqlRow, SqlRowArrays, SqlStatement, SqlValue } from './sql-database';

export interface SqliteContractStoreOptions {
	/** Database file; `:memory:` for throwaway stores. The folder is created when missing. */
	path: string;
	tablePrefix?: string;
}

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

/**
 * SQLite through node:sqlite. The driver is synchronous, so a statement runs to completion without
 * interleaving and a transaction never spans an await: another handle on the same file can never
 * wait on it while holding the event loop.
 */
class SqliteDatabase implements SqlDatabase {
	readonly types = {
		integer: 'INTEGER',
		id: 'INTEGER PRIMARY KEY AUTOINCREMENT',
		json: 'TEXT',
		runSeq: 'INTEGER NOT NULL',
	};
	readonly writableCte = false;
	private readonly statements = new Map<string, StatementSync>();
	private readonly arrayStatements = new Map<string, StatementSync>();

	constructor(readonly handle: DatabaseSync) {}

	table(name: string): string {
		return name;
	}

	inList(column: string): string {
		return `${column} IN (SELECT value FROM json_each(?))`;
	}

	listValue(ids: readonly string[]): SqlValue {
		return JSON.stringify(ids);
	}

	nextRunSeq(runsTable: string): string {
		// Writers of one file are serialised, so the maximum cannot be taken twice.
		return `(SELECT COALESCE(MAX(seq), 0) + 1 FROM ${runsTable})`;
	}

	readJson(value: unknown): unknown {
		return JSON.parse(String(value));
	}

	async rows(sql: string, values: readonly SqlValue[]): Promise<SqlRow[]> {
		return this.run(sql, values);
	}

	async rowArrays(sql: string, values: readonly SqlValue[]): Promise<SqlRowArrays> {
		let statement = this.arrayStatements.get(sql);
		if (statement === undefined) {
			statement = this.handle.prepare(sql);
			statement.setReturnArrays(true);
			this.arrayStatements.set(sql, statement);
		}
		const rows = statement.all(...(values as SQLInputValue[])) as unknown as unknown[][];
		return { columns: statement.columns().map((column) => column.name), rows };
	}

	async transaction(statements: readonly SqlStatement[]): Promise<void> {
		this.handle.exec('BEGIN IMMEDIATE');
		let committed = false;
		try {
			for (const { sql, values, orElse, expectedRows = 1 } of statements) {
				// Rows that took effect are counted, never read back (a RETURNING clause's rows are not fetched).
				const { changes } = this.prepared(sql).run(...(values as SQLInputValue[]));
				if (orElse !== undefined && Number(changes) < expectedRows) throw orElse();
			}
			this.handle.exec('COMMIT');
			committed = true;
		} finally {
			if (!committed) this.handle.exec('ROLLBACK');
		}
	}

	close(): void {
		this.statements.clear();
		this.arrayStatements.clear();
		this.handle.close();
	}

	private run(sql: string, values: readonly SqlValue[]): SqlRow[] {
		return this.prepared(sql).all(...(values as SQLInputValue[])) as SqlRow[];
	}

	private prepared(sql: string): StatementSync {
		let statement = this.statements.get(sql);
		if (statement === undefined) {
			statement = this.handle.prepare(sql);
			this.statements.set(sql, statement);
		}
		return statement;
	}
}

/** The embedded default: one SQLite file (WAL, so readers never block the writer) in the n8n user folder. */
export class SqliteContractStore extends SqlContractStore {
	readonly kind = 'sqlite';
	private readonly sqlite: SqliteDatabase;
	private readonly locks: KeyedLock;

	constructor(options: SqliteContractStoreOptions) {
		assertStoreName('table prefix', options.tablePrefix ?? 'syncbridge_');
		if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
		const database = new SqliteDatabase(new DatabaseSync(options.path));
		super(database, options.tablePrefix ?? 'syncbridge_');
		this.sqlite = database;
		this.locks = options.path === ':memory:' ? new KeyedLock() : lockForFile(options.path);
	}

	async init(): Promise<void> {
		const handle = this.sqlite.handle;
		handle.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
		for (const statement of schemaStatements(this.tablePrefix, this.sqlite)) handle.exec(statement);
		// Stores created before origin versions existed.
		const columns = handle.prepare(`PRAGMA table_info(${this.t.contracts})`).all() as { name: string }[];
		if (!columns.some((column) => column.name === 'origin_version'))
			handle.exec(`ALTER TABLE ${this.t.contracts} ADD COLUMN origin_version TEXT`);
	}

	/** One process owns a SQLite file, so an in-process lock serialises writers of one object. */
	async withObjectLock<T>(synchronizationId: string, originId: string, work: () => Promise<T>): Promise<T> {
		return this.locks.run(objectLockKey(synchronizationId, originId), work);
	}

	async withObjectLocks<T>(
		synchronizationId: string,
		originIds: readonly string[],
		work: () => Promise<T>,
	): Promise<T> {
		return this.locks.runAll(
			originIds.map((originId) => objectLockKey(synchronizationId, originId)),
			work,
		);
	}

	async close(): Promise<void> {
		this.sqlite.close();
	}
}
