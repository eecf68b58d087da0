import { createHmac, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { runLoad, type LoadRequest, type LoadResult } from './load';

/**
 * The SyncBridge Webhook Trigger (GitHub-style HMAC, signature checked, replay ids recorded) against
 * n8n's built-in Webhook node, in the same n8n (regular mode, SQLite), in the same run: both
 * workflows are Trigger -> No Operation and answer on receipt. After a warm-up the rounds alternate
 * A/B/A/B so drift (other load on the machine, caches, SQLite growth) hits both alike.
 *
 * n8n acquires an expression isolate (a pool of one by default) for every webhook call of a node that
 * is not its own Webhook node, unless N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE is on; the trigger's webhook
 * settings need no expression, so with it on no isolate is taken. `--engine-defaults` runs n8n's defaults.
 *
 *   node dist/bench/webhook/webhook.bench.js [--requests 2000] [--concurrency 16] [--rounds 4] [--engine-defaults]
 */

const secret = 'bench-github-style-secret-0b5e';
const target = 0.1;

const { values } = parseArgs({
	options: {
		requests: { type: 'string', default: '2000' },
		concurrency: { type: 'string', default: '16' },
		rounds: { type: 'string', default: '4' },
		warmup: { type: 'string', default: '300' },
		'engine-defaults': { type: 'boolean', default: false },
	},
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const rounds = Math.max(2, Math.round(Number(values.rounds) / 2) * 2);
const warmup = Number(values.warmup);

const noOp = (id: string, x: number) => ({
	id,
	name: 'Done',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	position: [x, 0],
	parameters: {},
});

const builtinWorkflow = {
	id: 'sbBenchBuiltinHk',
	name: 'Bench: built-in Webhook',
	nodes: [
		{
			id: '0d7f5c3a-0000-4000-8000-000000000001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '0d7f5c3a-0000-4000-8000-0000000000a1',
			parameters: { httpMethod: 'POST', path: 'bench-builtin', responseMode: 'onReceived', options: {} },
		},
		noOp('0d7f5c3a-0000-4000-8000-000000000002', 220),
	],
	connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	settings: {},
};

const syncBridgeWorkflow = {
	id: 'sbBenchSignedHook',
	name: 'Bench: SyncBridge Webhook Trigger',
	nodes: [
		{
			id: '0d7f5c3a-0000-4000-8000-000000000011',
			name: 'Signed Webhook',
			type: `${packageName}.syncBridgeWebhookTrigger`,
			typeVersion: 2,
			position: [0, 0],
			webhookId: '0d7f5c3a-0000-4000-8000-0000000000b1',
			parameters: {
				path: 'bench-signed',
				respond: 'onReceived',
			},
			credentials: { syncBridgeWebhookSecretApi: { id: 'sbBenchWebhookCred', name: 'Bench webhook secret' } },
		},
		noOp('0d7f5c3a-0000-4000-8000-000000000012', 220),
	],
	connections: { 'Signed Webhook': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	settings: {},
};

interface Variant {
	label: string;
	path: string;
	request: (index: number) => LoadRequest;
}

function payload(index: number): string {
	return JSON.stringify({
		id: `obj-${index}`,
		type: 'customer.updated',
		data: { name: `Customer ${index}`, email: `c${index}@example.com`, tier: 'gold' },
	});
}

const builtin: Variant = {
	label: 'n8n Webhook',
	path: 'bench-builtin',
	request: (index) => ({
		path: '/webhook/bench-builtin',
		headers: { 'content-type': 'application/json' },
		body: payload(index),
	}),
};

const syncBridge: Variant = {
	label: 'SyncBridge Webhook Trigger',
	path: 'bench-signed',
	request: (index) => {
		const body = payload(index);
		return {
			path: '/webhook/bench-signed',
			headers: {
				'content-type': 'application/json',
				'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
				'x-github-delivery': randomUUID(),
			},
			body,
		};
	},
};

function combine(results: LoadResult[]): { rps: number; p95: number; failures: number } {
	const total = results.reduce((sum, r) => sum + r.requests, 0);
	const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
	return {
		rps: total / seconds,
		p95: results.reduce((sum, r) => sum + r.p95Ms, 0) / results.length,
		failures: results.reduce((sum, r) => sum + r.failures, 0),
	};
}

async function main(): Promise<void> {
	const lazyAcquire = !values['engine-defaults'];
	const n8n = await N8nInstance.create({
		env: { N8N_LOG_LEVEL: 'warn', N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: String(lazyAcquire) },
	});
	try {
		await n8n.importCredentials([
			{
				id: 'sbBenchWebhookCred',
				name: 'Bench webhook secret',
				type: 'syncBridgeWebhookSecretApi',
				data: { scheme: 'githubHmac', secrets: secret },
			},
		]);
		for (const workflow of [builtinWorkflow, syncBridgeWorkflow]) await n8n.publish(await n8n.importWorkflow(workflow));
		await n8n.start();
		for (const variant of [builtin, syncBridge]) await waitForWebhookRegistration(n8n.baseUrl, variant.path);

		let offset = 0;
		const load = async (variant: Variant, count: number) => {
			const start = offset;
			offset += count;
			return runLoad(n8n.baseUrl, count, concurrency, (index) => variant.request(start + index));
		};
		for (const variant of [builtin, syncBridge]) {
			const warm = await load(variant, warmup);
			if (warm.failures > 0)
				throw new Error(`${variant.label}: ${warm.failures} of ${warm.requests} warm-up requests failed`);
		}

		const perRound = Math.ceil(requests / (rounds / 2));
		const results = new Map<Variant, LoadResult[]>([
			[builtin, []],
			[syncBridge, []],
		]);
		for (let round = 0; round < rounds; round++) {
			const variant = round % 2 === 0 ? builtin : syncBridge;
			const result = await load(variant, perRound);
			results.get(variant)?.push(result);
			console.log(
				`round ${round + 1} ${variant.label.padEnd(27)} ${result.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${result.p50Ms.toFixed(1)} ms  p95 ${result.p95Ms.toFixed(1)} ms  failures ${result.failures}`,
			);
		}

		const a = combine(results.get(builtin) ?? []);
		const b = combine(results.get(syncBridge) ?? []);
		const throughputOverhead = a.rps / b.rps - 1;
		const latencyOverhead = b.p95 / a.p95 - 1;
		console.log(
			`\n${requests} requests per variant, concurrency ${concurrency}, ${rounds} alternating rounds, n8n regular mode (SQLite), ` +
				`replay ids in the embedded SQLite store, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE ${lazyAcquire ? 'on' : 'off (n8n default)'}`,
		);
		console.log(
			`${builtin.label.padEnd(27)} ${a.rps.toFixed(1).padStart(7)} req/s  p95 ${a.p95.toFixed(1)} ms  failures ${a.failures}`,
		);
		console.log(
			`${syncBridge.label.padEnd(27)} ${b.rps.toFixed(1).padStart(7)} req/s  p95 ${b.p95.toFixed(1)} ms  failures ${b.failures}`,
		);
		const verdict = (value: number) => (value <= target ? 'within' : 'ABOVE');
		console.log(
			`overhead: throughput ${(throughputOverhead * 100).toFixed(1)} % (${verdict(throughputOverhead)} the ${target * 100} % target), ` +
				`p95 ${(latencyOverhead * 100).toFixed(1)} % (${verdict(latencyOverhead)} the target)`,
		);
	} finally {
		await n8n.dispose();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
