import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore, closeAllStores, type StoreConfig } from '../../../runtime/contracts/open-store';
import { FakeTarget } from '../../fakes/target/fake-target';
import { dropSchema, ensurePostgres, uniqueSchema, type PostgresHandle } from './postgres-server';

const syncProcess = join(__dirname, '..', '..', 'support', 'chunked-sync-process.js');
const recordCount = 1300;

/**
 * Runs the syncing process to its end, or kills it with SIGKILL when the target receives the
 * `killAt`-th request of this run (that request is still applied by the target: its answer is lost).
 */
function runSync(
	target: FakeTarget,
	storeConfig: StoreConfig,
	synchronizationId: string,
	killAt?: number,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
	const startedAt = target.stats.requests;
	const child: ChildProcess = spawn(process.execPath, [
		syncProcess,
		JSON.stringify(storeConfig),
		target.url,
		synchronizationId,
		String(recordCount),
	]);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	target.onRequest =
		killAt === undefined
			? undefined
			: (count) => {
					if (count - startedAt === killAt) child.kill('SIGKILL');
				};
	return new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			target.onRequest = undefined;
			resolve({ code, signal, stdout, stderr });
		}),
	);
}

for (const kind of ['sqlite', 'postgres'] as const) {
	describe(`kill -9 mid-chunk (${kind})`, () => {
		let target: FakeTarget;
		let storeConfig: StoreConfig;
		let cleanup: () => Promise<void>;

		before(async () => {
			target = await new FakeTarget().start();
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
			await target.stop();
			await cleanup();
		});

		it('killed inside chunks again and again, then run to the end: every record once, nothing lost', async () => {
			const synchronizationId = `kill-${kind}`;
			// Request counts of each run at which the process dies: inside the first chunk, on the first
			// request after a restart (its chunk's intents just stored), and deep into later chunks.
			for (const killAt of [137, 1, 404, 230]) {
				const killed = await runSync(target, storeConfig, synchronizationId, killAt);
				assert.equal(killed.signal, 'SIGKILL', `the process ended before request ${killAt}: ${killed.stderr}`);
			}
			const finished = await runSync(target, storeConfig, synchronizationId);
			assert.equal(finished.code, 0, finished.stderr);

			const keys = [...target.records.values()].map((record) => String(record.key));
			assert.equal(keys.length, recordCount, 'one record per key on the target');
			assert.equal(new Set(keys).size, recordCount, 'no key written twice');
			assert.ok(target.stats.idempotentReplays > 0, 'killed writes were resent under their keys');

			const store = await openStore(storeConfig);
			const status = await store.status(synchronizationId);
			assert.equal(status.contracts, recordCount);
			assert.equal(status.withTargetId, recordCount);
			assert.equal(status.pendingIntents, 0);
			assert.equal(status.deadLetters, 0);
			for (const contract of await store.list(synchronizationId, { limit: recordCount })) {
				assert.equal(target.records.get(contract.targetId as string)?.key, contract.originId);
			}

			// Nothing left to do: a further run writes nothing.
			const before = target.stats.requests;
			const again = await runSync(target, storeConfig, synchronizationId);
			assert.equal(again.code, 0, again.stderr);
			assert.match(again.stdout, /synced 0/);
			assert.equal(target.stats.requests, before);
		});
	});
}
