import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore, closeAllStores, type StoreConfig } from '../../../runtime/contracts/open-store';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeTarget } from '../../fakes/target/fake-target';
import type { SyncTarget } from '../../support/chunked-sync-process';
import { clientCredentialsToken } from '../connectors/oauth-grants';
import { dropSchema, ensurePostgres, uniqueSchema, type PostgresHandle } from './postgres-server';

const syncProcess = join(__dirname, '..', '..', 'support', 'chunked-sync-process.js');

interface Run {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs the syncing process to its end or, given `arm`, lets the test kill it: `arm(kill)` installs a
 * hook on the fake that calls `kill()` (SIGKILL) when the request to die on arrives. The fake still
 * applies that request; its answer is lost.
 */
function runSync(
	storeConfig: StoreConfig,
	target: SyncTarget,
	synchronizationId: string,
	records: number,
	arm?: (kill: () => void) => () => void,
): Promise<Run> {
	const child = spawn(process.execPath, [
		syncProcess,
		JSON.stringify(storeConfig),
		JSON.stringify(target),
		synchronizationId,
		String(records),
	]);
	const disarm = arm?.(() => child.kill('SIGKILL'));
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			disarm?.();
			resolve({ code, signal, stdout, stderr });
		}),
	);
}

for (const kind of ['sqlite', 'postgres'] as const) {
	describe(`kill -9 mid-chunk (${kind})`, () => {
		let storeConfig: StoreConfig;
		let cleanup: () => Promise<void>;

		before(async () => {
			if (kind === 'sqlite') {
				const dir = mkdtempSync(join(tmpdir(), 'syncbridge-kill-'));
				storeConfig = { kind, path: join(dir, 'contracts.sqlite') };
				cleanup = async () => rmSync(dir, { recursive: true, force: true });
			} else {
				const server: PostgresHandle = await ensurePostgres();
				const schema = uniqueSchema('kill');
				storeConfig = { kind, pool: { connectionString: server.url, max: 4 }, schema };
				cleanup = async () => {
					await dropSchema(server.url, schema);
					await server.stop();
				};
			}
		});
		after(async () => {
			await closeAllStores();
			await cleanup();
		});

		/** The store's view after the last run: a contract per record, nothing pending, nothing failed. */
		const assertComplete = async (synchronizationId: string, records: number) => {
			const store = await openStore(storeConfig);
			const status = await store.status(synchronizationId);
			assert.deepEqual(
				[status.contracts, status.withTargetId, status.pendingIntents, status.deadLetters],
				[records, records, 0, 0],
			);
			return store.list(synchronizationId, { limit: records });
		};

		it('one request per record: killed inside chunks again and again, then run to the end, every record once', async () => {
			const target = await new FakeTarget().start();
			try {
				const synchronizationId = `kill-${kind}`;
				const records = 1300;
				const endpoint = { endpoint: target.url };
				// Requests of each run at which the process dies: inside the first chunk, on the first request
				// after a restart (its chunk's intents just stored), and deep into later chunks.
				for (const killAt of [137, 1, 404, 230]) {
					const startedAt = target.stats.requests;
					const killed = await runSync(storeConfig, endpoint, synchronizationId, records, (kill) => {
						target.onRequest = (count) => {
							if (count - startedAt === killAt) kill();
						};
						return () => (target.onRequest = undefined);
					});
					assert.equal(killed.signal, 'SIGKILL', `the process ended before request ${killAt}: ${killed.stderr}`);
				}
				const finished = await runSync(storeConfig, endpoint, synchronizationId, records);
				assert.equal(finished.code, 0, finished.stderr);

				const keys = [...target.records.values()].map((record) => String(record.key));
				assert.equal(keys.length, records, 'one record per key on the target');
				assert.equal(new Set(keys).size, records, 'no key written twice');
				assert.ok(target.stats.idempotentReplays > 0, 'killed writes were resent under their keys');
				for (const contract of await assertComplete(synchronizationId, records)) {
					assert.equal(target.records.get(contract.targetId as string)?.key, contract.originId);
				}

				// Nothing left to do: a further run writes nothing.
				const before = target.stats.requests;
				const again = await runSync(storeConfig, endpoint, synchronizationId, records);
				assert.equal(again.code, 0, again.stderr);
				assert.match(again.stdout, /synced 0/);
				assert.equal(target.stats.requests, before);
			} finally {
				await target.stop();
			}
		});

		it('through a bulk API (Dataverse $batch): killed while a batch is applied, then run to the end, every record once', async () => {
			const dataverse = await new FakeDynamics365().start();
			try {
				const token = await clientCredentialsToken(dataverse, dataverse.clientSecret);
				const target = {
					dataverse: { environmentUrl: dataverse.url, accessToken: String(token.body.access_token) },
				};
				const synchronizationId = `kill-bulk-${kind}`;
				const records = 2500;
				// Batch calls of each run at which the process dies: the second chunk's, then the first.
				for (const killAt of [2, 1]) {
					let calls = 0;
					const killed = await runSync(storeConfig, target, synchronizationId, records, (kill) => {
						dataverse.onRequest = (request) => {
							if (request.url.endsWith('/$batch') && ++calls === killAt) kill();
						};
						return () => (dataverse.onRequest = undefined);
					});
					assert.equal(killed.signal, 'SIGKILL', `the process ended before batch ${killAt}: ${killed.stderr}`);
				}
				const finished = await runSync(storeConfig, target, synchronizationId, records);
				assert.equal(finished.code, 0, finished.stderr);

				const contacts = dataverse.records('contacts');
				assert.equal(contacts.length, records, 'one contact per record');
				assert.equal(new Set(contacts.map((contact) => contact.lastname)).size, records, 'none written twice');
				const byId = new Map(contacts.map((contact) => [contact.contactid, contact]));
				for (const contract of await assertComplete(synchronizationId, records)) {
					assert.equal(byId.get(contract.targetId)?.lastname, `Record ${contract.originId.slice(1)}`);
				}
			} finally {
				await dataverse.stop();
			}
		});
	});
}
