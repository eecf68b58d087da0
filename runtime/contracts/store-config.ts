import { Client, type PoolConfig } from 'pg';
import type { StoreConfig } from './open-store';

/** The fields of the SyncBridge Postgres credential. */
export interface PostgresCredentialData {
	host?: unknown;
	port?: unknown;
	database?: unknown;
	user?: unknown;
	password?: unknown;
	ssl?: unknown;
	schema?: unknown;
}

export function poolConfigFromCredential(data: PostgresCredentialData): PoolConfig {
	const ssl = String(data.ssl ?? 'disable');
	return {
		host: String(data.host ?? 'localhost'),
		port: Number(data.port ?? 5432),
		database: String(data.database ?? 'postgres'),
		user: String(data.user ?? 'postgres'),
		password: data.password === undefined || data.password === '' ? undefined : String(data.password),
		ssl: ssl === 'disable' ? false : { rejectUnauthorized: ssl === 'verify' },
		max: 8,
		connectionTimeoutMillis: 10_000,
	};
}

export function postgresStoreConfig(data: PostgresCredentialData): StoreConfig {
	const schema = data.schema === undefined || data.schema === '' ? 'public' : String(data.schema);
	return { kind: 'postgres', pool: poolConfigFromCredential(data), schema };
}

/** Connects once and runs `SELECT 1`; for the credential test in the n8n editor. */
export async function testPostgresConnection(data: PostgresCredentialData): Promise<{ ok: boolean; message: string }> {
	const client = new Client(poolConfigFromCredential(data));
	try {
		await client.connect();
		await client.query('SELECT 1');
		return { ok: true, message: 'Connection successful' };
	} catch (error) {
		return { ok: false, message: error instanceof Error ? error.message : String(error) };
	} finally {
		await client.end().catch(() => undefined);
	}
}
