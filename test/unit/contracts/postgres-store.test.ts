import { PostgresContractStore } from '../../../runtime/contracts/postgres-contract-store';
import { dropSchema, ensurePostgres, uniqueSchema } from './postgres-server';
import { defineStoreSuite } from './store-suite';

defineStoreSuite('Postgres', async () => {
	const server = await ensurePostgres();
	const schema = uniqueSchema('store');
	return {
		open: async () => {
			const store = new PostgresContractStore({ pool: { connectionString: server.url, max: 4 }, schema });
			await store.init();
			return store;
		},
		cleanup: async () => {
			await dropSchema(server.url, schema);
			await server.stop();
		},
	};
});
