import { DatabaseSync } from 'node:sqlite';
import { Pool } from 'pg';
import { forEachConcurrently } from '../../runtime/contracts/bounded-concurrency';
import { canonicalHash } from '../../runtime/contracts/canonical-hash';

/*
 * What SyncBridge is measured against, in the same run: the same work without its bookkeeping.
 */

/** Seconds to POST every record to the target with plain `fetch`, `concurrency` in flight. */
export async function plainFetchSeconds(
	url: string,
	records: readonly Record<string, unknown>[],
	concurrency: number,
): Promise<number> {
	const started = performance.now();
	let failed = 0;
	await forEachConcurrently(records.length, concurrency, async (index) => {
		const response = await fetch(`${url}/records`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(records[index]),
		});
		await response.json();
		if (!response.ok) failed++;
	});
	if (failed > 0) throw new Error(`plain fetch: ${failed} POSTs failed`);
	return (performance.now() - started) / 1000;
}

/**
 * Records per second of hashing every record and upserting (id, hash) into a plain SQLite table, a
 * prepared statement per row and a transaction per `chunk` rows, with the store's pragmas. `table` is created,
 * so every row is an insert, as every contract of a first sync is.
 */
export function rawSqliteRate(path: string, table: string, records: readonly { key: string }[], chunk: number): number {
	const db = new DatabaseSync(path);
	try {
		db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
		db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, hash TEXT NOT NULL)`);
		const upsert = db.prepare(
			`INSERT INTO ${table} (id, hash) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash`,
		);
		const started = performance.now();
		for (let start = 0; start < records.length; start += chunk) {
			db.exec('BEGIN');
			for (const record of records.slice(start, start + chunk)) upsert.run(record.key, canonicalHash(record));
			db.exec('COMMIT');
		}
		return records.length / ((performance.now() - started) / 1000);
	} finally {
		db.close();
	}
}

/** `rawSqliteRate` on Postgres: one multi-row upsert (unnest of two arrays) per `chunk` rows. */
export async function rawPostgresRate(
	connectionString: string,
	schema: string,
	table: string,
	records: readonly { key: string }[],
	chunk: number,
): Promise<number> {
	const pool = new Pool({ connectionString, max: 1 });
	try {
		await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
		await pool.query(`CREATE TABLE "${schema}".${table} (id TEXT PRIMARY KEY, hash TEXT NOT NULL)`);
		const started = performance.now();
		for (let start = 0; start < records.length; start += chunk) {
			const slice = records.slice(start, start + chunk);
			await pool.query(
				`INSERT INTO "${schema}".${table} (id, hash) SELECT * FROM unnest($1::text[], $2::text[])
				 ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash`,
				[slice.map((record) => record.key), slice.map((record) => canonicalHash(record))],
			);
		}
		return records.length / ((performance.now() - started) / 1000);
	} finally {
		await pool.end();
	}
}
