import { Pool, type PoolConfig } from 'pg';
import type { ClaimTerms, DeliveryClaim, DeliveryLedger } from './delivery-ledger';

export interface PostgresDeliveryLedgerOptions {
	pool: PoolConfig;
	schema?: string;
	tablePrefix?: string;
}

/**
 * The delivery ledger shared by every n8n process of a queue-mode cluster (webhook processes claim,
 * workers complete), in the same Postgres as the contract store. A claim is one statement, so two
 * webhook processes receiving the same delivery at once cannot both claim it.
 */
export class PostgresDeliveryLedger implements DeliveryLedger {
	private readonly pool: Pool;
	private readonly schema: string;
	private readonly table: string;
	private ready: Promise<void> | undefined;
	private lastPrune = 0;

	constructor(options: PostgresDeliveryLedgerOptions) {
		this.schema = options.schema ?? 'public';
		const prefix = options.tablePrefix ?? 'syncbridge_';
		for (const name of [this.schema, prefix]) {
			if (!/^[a-z_][a-z0-9_]*$/i.test(name))
				throw new Error(`Invalid schema or table prefix "${name}": letters, digits and _ only`);
		}
		this.table = `"${this.schema}"."${prefix}deliveries"`;
		this.pool = new Pool({ ...options.pool, max: 4 });
	}

	/** Creates the table when missing; called by the first claim or complete. Idempotent. */
	init(): Promise<void> {
		const ready = (this.ready ??= this.createTable());
		// A failed creation is tried again by the next call.
		ready.catch(() => {
			if (this.ready === ready) this.ready = undefined;
		});
		return ready;
	}

	private async createTable(): Promise<void> {
		const client = await this.pool.connect();
		let committed = false;
		try {
			await client.query('BEGIN');
			await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`syncbridge-init:${this.table}`]);
			await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
			await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
				delivery_key TEXT PRIMARY KEY, state TEXT NOT NULL, attempts INTEGER NOT NULL,
				lease_until TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, completed_at TIMESTAMPTZ
			)`);
			await client.query('COMMIT');
			committed = true;
		} finally {
			if (!committed) await client.query('ROLLBACK').catch(() => undefined);
			client.release();
		}
	}

	async claim(key: string, terms: ClaimTerms): Promise<DeliveryClaim> {
		await this.init();
		await this.pruneNowAndThen();
		const lease = Math.max(1, terms.leaseSeconds);
		const retention = Math.max(lease, terms.retentionSeconds);
		// Either the insert/reclaim happens, or the existing row is reported. A row inserted by a
		// concurrent claim after this statement's snapshot shows up in neither: ask again.
		for (let round = 0; round < 5; round++) {
			const { rows } = await this.pool.query<{ outcome: string; attempts: number; wait: number }>(
				`WITH claimed AS (
					INSERT INTO ${this.table} AS d (delivery_key, state, attempts, lease_until, expires_at)
					VALUES ($1, 'in-flight', 1, now() + make_interval(secs => $2), now() + make_interval(secs => $3))
					ON CONFLICT (delivery_key) DO UPDATE SET state = 'in-flight', completed_at = NULL,
						attempts = CASE WHEN d.expires_at <= now() THEN 1 ELSE d.attempts + 1 END,
						lease_until = EXCLUDED.lease_until, expires_at = EXCLUDED.expires_at
					WHERE d.expires_at <= now() OR (d.state = 'in-flight' AND d.lease_until <= now())
					RETURNING attempts
				)
				SELECT 'claimed' AS outcome, attempts, 0 AS wait FROM claimed
				UNION ALL
				SELECT state, attempts, GREATEST(1, CEIL(EXTRACT(EPOCH FROM lease_until - now())))::int
				FROM ${this.table} WHERE delivery_key = $1 AND NOT EXISTS (SELECT 1 FROM claimed)`,
				[key, lease, retention],
			);
			const [row] = rows;
			if (row === undefined) continue;
			if (row.outcome === 'claimed') return { state: 'claimed', attempt: Number(row.attempts) };
			if (row.outcome === 'completed') return { state: 'completed' };
			return { state: 'in-flight', retryAfterSeconds: Number(row.wait) };
		}
		throw new Error(`Delivery ${key} could not be claimed or read`);
	}

	async complete(keys: readonly string[]): Promise<void> {
		if (keys.length === 0) return;
		await this.init();
		await this.pool.query(
			`UPDATE ${this.table} SET state = 'completed', completed_at = now() WHERE delivery_key = ANY($1::text[])`,
			[[...new Set(keys)]],
		);
	}

	async close(): Promise<void> {
		await this.pool.end();
	}

	private async pruneNowAndThen(): Promise<void> {
		if (Date.now() - this.lastPrune < 60_000) return;
		this.lastPrune = Date.now();
		await this.pool.query(`DELETE FROM ${this.table} WHERE expires_at <= now()`);
	}
}

const open = new Map<string, PostgresDeliveryLedger>();

/** One ledger (one small pool) per configuration per process. */
export function openPostgresDeliveryLedger(options: PostgresDeliveryLedgerOptions): PostgresDeliveryLedger {
	const key = JSON.stringify(options);
	let ledger = open.get(key);
	if (ledger === undefined) {
		ledger = new PostgresDeliveryLedger(options);
		open.set(key, ledger);
	}
	return ledger;
}

/** Closes every cached ledger (tests, graceful shutdown). */
export async function closeAllDeliveryLedgers(): Promise<void> {
	const ledgers = [...open.values()];
	open.clear();
	for (const ledger of ledgers) await ledger.close();
}
