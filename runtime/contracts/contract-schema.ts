import { SyncBridgeError } from '../errors';
import type { SqlDialect } from './sql-database';

/** The store's tables, as statements name them. */
export interface ContractTables {
	contracts: string;
	intents: string;
	runs: string;
	deadLetters: string;
	parked: string;
}

/** Table names under a prefix; the prefix is validated because it is spliced into SQL. */
export function contractTables(prefix: string, dialect: SqlDialect): ContractTables {
	assertStoreName('table prefix', prefix);
	return {
		contracts: dialect.table(`${prefix}contracts`),
		intents: dialect.table(`${prefix}intents`),
		runs: dialect.table(`${prefix}runs`),
		deadLetters: dialect.table(`${prefix}dead_letters`),
		parked: dialect.table(`${prefix}parked_conflicts`),
	};
}

/** A table prefix or schema name that cannot be spliced into SQL. */
export class InvalidStoreNameError extends SyncBridgeError {
	readonly code = 'INVALID_STORE_NAME';
	constructor(what: 'table prefix' | 'schema name', name: string) {
		super(`Invalid ${what} "${name}": letters, digits and _ only, not starting with a digit`);
		this.name = 'InvalidStoreNameError';
	}
}

/** Throws unless `name` is safe to splice into SQL as a table prefix or schema name. */
export function assertStoreName(what: 'table prefix' | 'schema name', name: string): void {
	if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new InvalidStoreNameError(what, name);
}

/** The CREATE statements of both stores, idempotent. Index names are unqualified: an index lands in its table's schema. */
export function schemaStatements(prefix: string, dialect: SqlDialect): string[] {
	const { contracts, intents, runs, deadLetters, parked } = contractTables(prefix, dialect);
	const { integer, id, json, runSeq } = dialect.types;
	return [
		`CREATE TABLE IF NOT EXISTS ${contracts} (
			synchronization_id TEXT NOT NULL, origin_id TEXT NOT NULL, target_id TEXT,
			origin_hash TEXT, target_hash TEXT, last_written_origin_hash TEXT, last_written_target_hash TEXT,
			config_version TEXT, mapping_version TEXT, last_action TEXT,
			source_last_checked TEXT, target_last_synced TEXT, origin_version TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
			revision ${integer} NOT NULL DEFAULT 1,
			PRIMARY KEY (synchronization_id, origin_id)
		)`,
		`CREATE INDEX IF NOT EXISTS "${prefix}contracts_target" ON ${contracts} (synchronization_id, target_id)`,
		`CREATE TABLE IF NOT EXISTS ${intents} (
			synchronization_id TEXT NOT NULL, side TEXT NOT NULL, inbound_id TEXT NOT NULL,
			action TEXT NOT NULL, idempotency_key TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,
			PRIMARY KEY (synchronization_id, side, inbound_id)
		)`,
		`CREATE TABLE IF NOT EXISTS ${runs} (
			synchronization_id TEXT NOT NULL, run_id TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
			found ${integer} NOT NULL DEFAULT 0, created ${integer} NOT NULL DEFAULT 0, updated ${integer} NOT NULL DEFAULT 0,
			unchanged ${integer} NOT NULL DEFAULT 0, deleted ${integer} NOT NULL DEFAULT 0, skipped ${integer} NOT NULL DEFAULT 0,
			failed ${integer} NOT NULL DEFAULT 0, check_ms ${integer} NOT NULL DEFAULT 0, write_ms ${integer} NOT NULL DEFAULT 0,
			delete_refusal TEXT, seq ${runSeq},
			PRIMARY KEY (synchronization_id, run_id)
		)`,
		// Serves both the next sequence number and the last run of a synchronization.
		`CREATE INDEX IF NOT EXISTS "${prefix}runs_seq" ON ${runs} (seq)`,
		`CREATE TABLE IF NOT EXISTS ${deadLetters} (
			id ${id}, synchronization_id TEXT NOT NULL, inbound_id TEXT NOT NULL,
			action TEXT NOT NULL, payload ${json} NOT NULL, error_code TEXT NOT NULL, error_message TEXT NOT NULL,
			created_at TEXT NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS ${parked} (
			id ${id}, synchronization_id TEXT NOT NULL, origin_id TEXT NOT NULL,
			fields ${json} NOT NULL, detail ${json} NOT NULL, created_at TEXT NOT NULL
		)`,
	];
}
