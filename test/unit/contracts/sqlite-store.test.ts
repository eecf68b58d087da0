import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteContractStore } from '../../../runtime/contracts/sqlite-contract-store';
import { defineStoreSuite } from './store-suite';

defineStoreSuite('SQLite', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'syncbridge-sqlite-'));
	const path = join(dir, 'nested', 'contracts.sqlite');
	return {
		open: async () => {
			const store = new SqliteContractStore({ path });
			await store.init();
			return store;
		},
		cleanup: async () => rmSync(dir, { recursive: true, force: true }),
	};
});
