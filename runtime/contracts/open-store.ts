import type { PoolConfig } from 'pg';
import type { ContractStore } from './contract-store';
import { PostgresContractStore } from './postgres-contract-store';
import { SqliteContractStore } from './sqlite-contract-store';
import { defaultSqlitePath } from './store-location';

export type StoreConfig =
	| { kind: 'sqlite'; path?: string; tablePrefix?: string }
	| { kind: 'postgres'; pool: PoolConfig; schema?: string; tablePrefix?: string };

const open = new Map<string, Promise<ContractStore>>();

function cacheKey(config: StoreConfig): string {
	return JSON.stringify(config.kind === 'sqlite' ? { ...config, path: config.path ?? defaultSqlitePath() } : config);
}

/**
 * One initialised store per configuration per process: n8n runs a node's `execute` for every
 * execution, and reopening the SQLite file or a pg pool each time would be wasteful.
 */
export function openStore(config: StoreConfig): Promise<ContractStore> {
	const key = cacheKey(config);
	let store = open.get(key);
	if (store === undefined) {
		store = create(config);
		open.set(key, store);
		store.catch(() => open.delete(key));
	}
	return store;
}

async function create(config: StoreConfig): Promise<ContractStore> {
	const store =
		config.kind === 'sqlite'
			? new SqliteContractStore({ path: config.path ?? defaultSqlitePath(), tablePrefix: config.tablePrefix })
			: new PostgresContractStore({ pool: config.pool, schema: config.schema, tablePrefix: config.tablePrefix });
	await store.init();
	return store;
}

/** Closes every cached store (tests, graceful shutdown). */
export async function closeAllStores(): Promise<void> {
	const stores = [...open.values()];
	open.clear();
	for (const store of stores) await (await store).close();
}
