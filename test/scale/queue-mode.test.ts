import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from 'pg';

import { packageName } from '../../scripts/n8n/community-package';
import { QueueCluster } from '../../scripts/n8n/queue-cluster';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { FakeTarget } from '../fakes/target/fake-target';
import { ensurePostgres, uniqueSchema, type PostgresHandle } from '../unit/contracts/postgres-server';
import { LatencyProxy } from '../support/latency-proxy';
import { ensureRedis, type RedisHandle } from '../support/redis-server';
import { objectContent, planEvents, type EventPlan } from '../support/sync-event-plan';
import { emptySenderStats, sendDeliveries, type SenderOptions } from '../support/webhook-sender';

/**
 * n8n queue mode (main + webhook process + 2 workers, Postgres and Redis) running a SyncBridge sync:
 * signed webhooks with duplicates and out-of-order versions, answered after the sync, written to a
 * fake target through the Postgres contract store. Phase 2 kills a worker with SIGKILL mid-run.
 * The target must end with exactly one record per object, each at its newest version.
 */

const secret = 'queue-mode-github-style-secret-91c3';
const webhookPath = 'sb-queue-sync';
const synchronizationId = 'queue-e2e';
const leaseSeconds = 20;
// 570 objects x 4 versions + 220 duplicates = 2,500 deliveries per phase, 5,000 in all.
const objectsPerPhase = Number(process.env.SYNCBRIDGE_QUEUE_OBJECTS ?? 570);

function postgresTarget(url: string) {
	const parsed = new URL(url);
	return {
		host: parsed.hostname,
		port: Number(parsed.port || 5432),
		database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres',
		user: decodeURIComponent(parsed.username) || 'postgres',
		password: decodeURIComponent(parsed.password),
	};
}

async function sql(url: string, statement: string): Promise<void> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

function syncWorkflow(targetUrl: string, credentialIds: { webhook: string; postgres: string }) {
	const postgres = { syncBridgePostgres: { id: credentialIds.postgres, name: 'Queue e2e contract store' } };
	const node = (suffix: string) => `7f0c1c55-2d7e-4d0a-9b7e-0000000000${suffix}`;
	return {
		id: 'sbQueueSyncFlow1',
		name: 'Queue mode: signed webhooks to the fake target',
		nodes: [
			{
				id: node('01'),
				name: 'Signed Webhook',
				type: `${packageName}.syncBridgeWebhookTrigger`,
				typeVersion: 2,
				position: [0, 0],
				webhookId: '5b8e2f0e-8a3c-4b51-a1d2-6c1f0e9d7a01',
				parameters: { path: webhookPath, respond: 'afterSync', replayStore: 'postgres', options: { leaseSeconds } },
				credentials: {
					syncBridgeWebhookSecretApi: { id: credentialIds.webhook, name: 'Queue e2e webhook secret' },
					...postgres,
				},
			},
			{
				// The mapping: the event body becomes the record; the delivery reference rides along.
				id: node('02'),
				name: 'Map Event',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'raw',
					jsonOutput:
						'={{ JSON.stringify({ externalId: $json.body.id, version: $json.body.version, name: $json.body.name, _syncbridge: $json._syncbridge }) }}',
					options: {},
				},
			},
			{
				id: node('03'),
				name: 'Contract Check',
				type: `${packageName}.syncBridgeContractCheck`,
				typeVersion: 1,
				position: [440, 0],
				parameters: { synchronizationId, originIdPath: 'externalId', originVersionField: 'version', store: 'postgres' },
				credentials: postgres,
			},
			{
				id: node('04'),
				name: 'Upsert',
				type: `${packageName}.syncBridgeUpsert`,
				typeVersion: 1,
				position: [660, 0],
				parameters: {
					baseUrl: targetUrl,
					createPath: '/records',
					updatePath: '/records/{id}',
					store: 'postgres',
					options: {},
				},
				credentials: postgres,
			},
		],
		connections: {
			'Signed Webhook': { main: [[{ node: 'Map Event', type: 'main', index: 0 }]] },
			'Map Event': { main: [[{ node: 'Contract Check', type: 'main', index: 0 }]] },
			'Contract Check': {
				main: [[{ node: 'Upsert', type: 'main', index: 0 }], [{ node: 'Upsert', type: 'main', index: 0 }], [], []],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The n8n CLI sometimes dies on exit with an isolated-vm assertion (`IsolateSpecificSize`) after
 * doing its work; imports are idempotent by id, so run it again.
 */
async function cliRetry<T>(work: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await work();
		} catch (error) {
			if (attempt >= 3 || !String((error as Error).message).includes('IsolateSpecificSize')) throw error;
			console.log(`[queue-mode] n8n CLI crashed on exit (isolated-vm), attempt ${attempt}; running it again`);
		}
	}
}

/** Exactly one record per object, each at its newest version; returns the problems found. */
function verifyTarget(target: FakeTarget, plan: EventPlan): string[] {
	const byObject = new Map<string, Record<string, unknown>[]>();
	for (const record of target.records.values()) {
		const id = String(record.externalId);
		byObject.set(id, [...(byObject.get(id) ?? []), record]);
	}
	const problems: string[] = [];
	for (const id of plan.objectIds) {
		const records = byObject.get(id) ?? [];
		const newest = objectContent(id, plan.versionsPerObject);
		if (records.length === 0) problems.push(`${id}: lost`);
		else if (records.length > 1) problems.push(`${id}: ${records.length} records`);
		else if (records[0].version !== newest.version || records[0].name !== newest.name) {
			problems.push(`${id}: ends on version ${String(records[0].version)}, not ${newest.version}`);
		}
	}
	return problems;
}

function report(
	label: string,
	plan: EventPlan,
	stats: ReturnType<typeof emptySenderStats>,
	target: FakeTarget,
	creates: number,
): void {
	const seconds = stats.durationMs / 1000;
	console.log(
		`[queue-mode] ${label}: ${plan.events.length} deliveries (${plan.objectIds.length} objects x ${plan.versionsPerObject} versions, ` +
			`${plan.duplicates} duplicates, ${plan.outOfOrder} out-of-order) in ${seconds.toFixed(1)} s = ` +
			`${(plan.events.length / seconds).toFixed(1)} deliveries/s; requests ${stats.requests}, retries ${stats.retries}, ` +
			`answers ${JSON.stringify(stats.answers)}, failed ${stats.failed.length}; target creates ${creates}, ` +
			`updates ${target.stats.updates}, idempotent replays ${target.stats.idempotentReplays}`,
	);
}

// A phase takes 1.5 min on a quick two-core machine and up to 4 on a slow one (10-11 deliveries/s), the cluster 35 s more.
describe('SyncBridge on n8n queue mode: nothing lost, nothing duplicated', { timeout: 900_000 }, () => {
	let postgres: PostgresHandle;
	let redis: RedisHandle;
	let cluster: QueueCluster;
	let target: FakeTarget;
	let slowTarget: LatencyProxy;
	let n8nSchema: string;
	let storeSchema: string;
	let sender: SenderOptions;

	before(async () => {
		postgres = await ensurePostgres();
		redis = await ensureRedis();
		target = await new FakeTarget().start();
		// 150 ms per target call: executions spend a while on a worker, so the killed one has writes in flight.
		slowTarget = await LatencyProxy.start(target.url, 150);
		n8nSchema = uniqueSchema('queue_n8n');
		storeSchema = uniqueSchema('queue_store');
		await sql(postgres.url, `CREATE SCHEMA "${n8nSchema}"`);
		const pg = postgresTarget(postgres.url);
		cluster = await QueueCluster.create({
			postgres: { ...pg, schema: n8nSchema },
			redis: { host: redis.host, port: redis.port },
			workers: 2,
			workerConcurrency: 8,
			// A killed worker's jobs are declared stalled (and their senders answered 500) sooner.
			env: { QUEUE_WORKER_STALLED_INTERVAL: '10000', N8N_LOG_LEVEL: 'warn' },
		});
		await cliRetry(() =>
			cluster.instance.importCredentials([
				{
					id: 'sbQueueWebhookCred',
					name: 'Queue e2e webhook secret',
					type: 'syncBridgeWebhookSecretApi',
					data: { scheme: 'githubHmac', secrets: secret },
				},
				{
					id: 'sbQueuePgCred',
					name: 'Queue e2e contract store',
					type: 'syncBridgePostgres',
					data: {
						host: pg.host,
						port: pg.port,
						database: pg.database,
						user: pg.user,
						password: pg.password,
						ssl: 'disable',
						schema: storeSchema,
					},
				},
			]),
		);
		const workflow = syncWorkflow(slowTarget.url, { webhook: 'sbQueueWebhookCred', postgres: 'sbQueuePgCred' });
		const id = await cliRetry(() => cluster.instance.importWorkflow(workflow));
		await cliRetry(() => cluster.instance.publish(id));
		const started = performance.now();
		await cluster.start();
		await waitForWebhookRegistration(cluster.webhookBaseUrl, webhookPath);
		console.log(
			`[queue-mode] cluster (main, webhook, 2 workers) ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
		);
		sender = {
			url: `${cluster.webhookBaseUrl}/webhook/${webhookPath}`,
			secret,
			concurrency: 24,
			maxAttempts: 12,
			requestTimeoutMs: Number(process.env.SYNCBRIDGE_QUEUE_REQUEST_TIMEOUT_MS ?? 30_000),
			deadlineMs: Number(process.env.SYNCBRIDGE_QUEUE_DEADLINE_MS ?? 240_000),
			backoffMs: 500,
		};
	});

	after(async () => {
		if (process.env.SYNCBRIDGE_QUEUE_LOGS === '1' && cluster !== undefined) console.log(cluster.logs.slice(-20_000));
		await cluster?.dispose();
		await slowTarget?.stop();
		await target?.stop();
		if (postgres !== undefined) {
			for (const schema of [n8nSchema, storeSchema]) {
				if (schema !== undefined)
					await sql(postgres.url, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
			}
			await postgres.stop();
		}
		await redis?.stop();
	});

	test('phase 1, all healthy: 2,500 deliveries (by default) with duplicates and out-of-order versions', async () => {
		const plan = planEvents({
			prefix: 'healthy',
			objects: objectsPerPhase,
			versionsPerObject: 4,
			duplicateShare: 220 / 2280,
			outOfOrderShare: 0.4,
			seed: 11,
		});
		const createsBefore = target.stats.creates;
		const stats = await sendDeliveries(plan.events, sender);
		report('phase 1 (healthy)', plan, stats, target, target.stats.creates - createsBefore);
		assert.deepEqual(stats.failed, [], 'every delivery was eventually answered 2xx');
		assert.deepEqual(verifyTarget(target, plan), []);
		assert.equal(
			target.stats.creates - createsBefore,
			plan.objectIds.length,
			'one create per object, no duplicate creates',
		);
	});

	test('phase 2, kill -9 of one worker mid-run: the senders retry, nothing is lost or duplicated', async () => {
		const plan = planEvents({
			prefix: 'killed',
			objects: objectsPerPhase,
			versionsPerObject: 4,
			duplicateShare: 220 / 2280,
			outOfOrderShare: 0.4,
			seed: 23,
		});
		const createsBefore = target.stats.creates;
		const stats = emptySenderStats();
		const sending = sendDeliveries(plan.events, sender, stats);
		while (stats.succeeded < plan.events.length * 0.35) await new Promise((resolve) => setTimeout(resolve, 200));
		const victim = cluster.workers[0];
		await victim.kill();
		console.log(
			`[queue-mode] killed worker 1 (SIGKILL) after ${stats.succeeded} of ${plan.events.length} deliveries were answered; starting a replacement`,
		);
		await cluster.addWorker();
		await sending;
		report('phase 2 (worker killed)', plan, stats, target, target.stats.creates - createsBefore);
		assert.deepEqual(stats.failed, [], 'every delivery was eventually answered 2xx');
		assert.deepEqual(verifyTarget(target, plan), []);
		assert.equal(
			target.stats.creates - createsBefore,
			plan.objectIds.length,
			'one create per object, no duplicate creates',
		);
		assert.ok(stats.retries > 0, "the killed worker's deliveries were retried by the sender");
	});
});
