import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

import { systemClock, type Clock } from './clock';
import type { ReplayStore } from './replay-store';

/** Expired ids are deleted once every this many recordings, not on every call. */
const PRUNE_EVERY = 512;

/**
 * Accepted event ids of webhook endpoints in an SQLite file (by default SyncBridge's embedded
 * database in the n8n folder): one row per id, so recording one costs one indexed insert, whatever
 * the number remembered, and survives restarts. For one n8n process; queue mode shares the Postgres
 * delivery ledger instead. node:sqlite is synchronous, so check-and-record is atomic in the process.
 */
export class SqliteReplayDatabase {
	private readonly db: DatabaseSync;
	private readonly find: StatementSync;
	private readonly record: StatementSync;
	private readonly prune: StatementSync;
	private recordings = 0;

	constructor(
		path: string,
		private readonly now: Clock = systemClock,
	) {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		this.db = new DatabaseSync(path);
		this.db.exec(`
			PRAGMA journal_mode = WAL;
			PRAGMA synchronous = NORMAL;
			PRAGMA busy_timeout = 5000;
			CREATE TABLE IF NOT EXISTS syncbridge_webhook_events (
				endpoint TEXT NOT NULL,
				event_id TEXT NOT NULL,
				expires_at INTEGER NOT NULL,
				PRIMARY KEY (endpoint, event_id)
			) WITHOUT ROWID;
			CREATE INDEX IF NOT EXISTS syncbridge_webhook_events_expiry ON syncbridge_webhook_events (expires_at);
		`);
		this.find = this.db.prepare('SELECT expires_at FROM syncbridge_webhook_events WHERE endpoint = ? AND event_id = ?');
		this.record = this.db.prepare(
			'INSERT INTO syncbridge_webhook_events (endpoint, event_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (endpoint, event_id) DO UPDATE SET expires_at = excluded.expires_at',
		);
		this.prune = this.db.prepare('DELETE FROM syncbridge_webhook_events WHERE expires_at <= ?');
	}

	/** The replay store of one endpoint (workflow, node, production or test URL). */
	forEndpoint(endpoint: string): ReplayStore {
		return { seen: async (eventId, ttlSeconds) => this.seen(endpoint, eventId, ttlSeconds) };
	}

	close(): void {
		this.db.close();
	}

	private seen(endpoint: string, eventId: string, ttlSeconds: number): boolean {
		const now = this.now();
		const row = this.find.get(endpoint, eventId) as { expires_at: number } | undefined;
		if (row !== undefined && Number(row.expires_at) > now) return true;
		this.record.run(endpoint, eventId, now + ttlSeconds * 1000);
		if (++this.recordings % PRUNE_EVERY === 0) this.prune.run(now);
		return false;
	}
}

const databases = new Map<string, SqliteReplayDatabase>();

/** One connection per file per process, like the contract store. */
export function openSqliteReplayDatabase(path: string): SqliteReplayDatabase {
	let database = databases.get(path);
	if (database === undefined) {
		database = new SqliteReplayDatabase(path);
		databases.set(path, database);
	}
	return database;
}
