import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { idAtPath, readPath } from '../../../runtime/dot-path';
import {
	poolConfigFromCredential,
	postgresStoreConfig,
	testPostgresConnection,
} from '../../../runtime/contracts/store-config';
import { defaultSqlitePath } from '../../../runtime/contracts/store-location';
import { ensurePostgres } from './postgres-server';

describe('store configuration', () => {
	it('puts the SQLite file in the n8n user folder', () => {
		assert.equal(defaultSqlitePath({ N8N_USER_FOLDER: '/data' }), '/data/.n8n/syncbridge/contracts.sqlite');
		assert.equal(defaultSqlitePath({}), join(homedir(), '.n8n', 'syncbridge', 'contracts.sqlite'));
	});

	it('turns the Postgres credential into a pool configuration', () => {
		const config = postgresStoreConfig({
			host: 'db',
			port: 5433,
			database: 'n8n',
			user: 'u',
			password: 'p',
			ssl: 'require',
			schema: '',
		});
		assert.equal(config.kind, 'postgres');
		assert.equal(config.kind === 'postgres' && config.schema, 'public');
		assert.deepEqual(config.kind === 'postgres' && config.pool.ssl, { rejectUnauthorized: false });
		assert.equal(poolConfigFromCredential({ ssl: 'disable' }).ssl, false);
		assert.deepEqual(poolConfigFromCredential({ ssl: 'verify' }).ssl, { rejectUnauthorized: true });
	});

	it('tests a Postgres connection for the credential test', async () => {
		const server = await ensurePostgres();
		try {
			const url = new URL(server.url);
			const ok = await testPostgresConnection({
				host: url.hostname,
				port: url.port,
				database: url.pathname.slice(1),
				user: url.username,
			});
			assert.deepEqual(ok, { ok: true, message: 'Connection successful' });
			const bad = await testPostgresConnection({ host: '127.0.0.1', port: 1, database: 'x', user: 'x' });
			assert.equal(bad.ok, false);
		} finally {
			await server.stop();
		}
	});
});

describe('object paths', () => {
	it('reads dot paths without evaluating anything', () => {
		const value = { data: { id: 7, items: [{ id: 'a' }] }, '@attributes': { identifier: 'x' } };
		assert.equal(idAtPath(value, 'data.id'), '7');
		assert.equal(idAtPath(value, '@attributes.identifier'), 'x');
		assert.equal(idAtPath(value, 'data.items.0.id'), 'a');
		assert.equal(readPath(value, '_root'), value);
		assert.equal(idAtPath(value, 'data.missing'), undefined);
		assert.equal(idAtPath(value, 'constructor.name'), undefined, 'no prototype access');
		assert.equal(idAtPath({ id: '' }, 'id'), undefined);
	});
});
