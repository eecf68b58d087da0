import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import { PostgresContractStore } from '../../../runtime/contracts/postgres-contract-store';
import { SqliteContractStore } from '../../../runtime/contracts/sqlite-contract-store';
import { FakeTarget } from '../../fakes/target/fake-target';
import { dropSchema, ensurePostgres, uniqueSchema } from './postgres-server';

export type StoreKind = 'sqlite' | 'postgres';

export interface StoreFixture {
	kind: StoreKind;
	/** A fresh handle on the same database, as a restarted process would open it. */
	reopen(): Promise<ContractStore>;
	cleanup(): Promise<void>;
}

/** A throwaway store of either kind: a temp SQLite file, or a unique Postgres schema. */
export async function storeFixture(kind: StoreKind, label: string): Promise<StoreFixture> {
	if (kind === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), `syncbridge-${label}-`));
		return {
			kind,
			reopen: async () => {
				const store = new SqliteContractStore({ path: join(dir, 'contracts.sqlite') });
				await store.init();
				return store;
			},
			cleanup: async () => rmSync(dir, { recursive: true, force: true }),
		};
	}
	const server = await ensurePostgres();
	const schema = uniqueSchema(label);
	return {
		kind,
		reopen: async () => {
			const store = new PostgresContractStore({ pool: { connectionString: server.url, max: 4 }, schema });
			await store.init();
			return store;
		},
		cleanup: async () => {
			await dropSchema(server.url, schema);
			await server.stop();
		},
	};
}

/** What `withStoreAndTarget` opens. */
export interface StoreAndTarget {
	store: ContractStore;
	target: FakeTarget;
	/** For more handles on the same store, as other processes would open them. */
	fixture: StoreFixture;
}

/**
 * For the enclosing describe block: a store of `kind` opened and a fake target started before its
 * tests (handed to `opened`), both closed after them.
 */
export function withStoreAndTarget(kind: StoreKind, label: string, opened: (handles: StoreAndTarget) => void): void {
	let handles: StoreAndTarget;
	before(async () => {
		const fixture = await storeFixture(kind, label);
		handles = { fixture, store: await fixture.reopen(), target: await new FakeTarget().start() };
		opened(handles);
	});
	after(async () => {
		await handles.target.stop();
		await handles.store.close();
		await handles.fixture.cleanup();
	});
}
