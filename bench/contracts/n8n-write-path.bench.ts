import { parseArgs } from 'node:util';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import type { RunData } from '../../scripts/n8n/run-data';
import { startTargetThread, type TargetThread } from './target-thread';

/**
 * SyncBridge Contract Check -> Upsert (first sync: every item new, SQLite contract store) against n8n's
 * own HTTP Request node POSTing the same items as JSON, inside the same real n8n and the same executions:
 * one Code node feeds both branches, each branch writes to its own loopback fake target (POST /records)
 * on a thread of this process, and the branch order alternates between rounds. Times are the nodes' own
 * execution times from n8n's run data (Contract Check + Upsert summed); every round uses a fresh
 * synchronization ID, so each is a first sync. Exits non-zero unless each fake holds exactly `items`
 * new records after each round and no item failed.
 *
 *   node dist/bench/contracts/n8n-write-path.bench.js [--items 10000] [--rounds 2] [--concurrency 16]
 *
 * HTTP Request runs as a user tuning for throughput would leave it: batching off (its default), which
 * sends every item's request at once; its only throughput option, Batching, throttles (items per batch
 * with a pause between batches). Upsert has no unbounded mode; --concurrency sets its writes in flight.
 */

const { values } = parseArgs({
	options: {
		items: { type: 'string', default: '10000' },
		rounds: { type: 'string', default: '2' },
		concurrency: { type: 'string', default: '16' },
	},
});
const itemCount = Number(values.items);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
for (const [name, value] of Object.entries({ items: itemCount, rounds, concurrency }))
	if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);

const source = `return Array.from({ length: ${itemCount} }, (_, i) => ({ json: {
	id: 'r' + i, name: 'Member ' + i, email: 'member' + i + '@example.com',
	membership: { level: i % 3 === 0 ? 'gold' : 'basic', since: '2024-01-01', tags: ['a', 'b', String(i % 7)] },
	amount: (i * 37) % 1000,
} }));`;

const syncBridgeNodes = ['Contract Check', 'Upsert'];
const httpNode = 'HTTP Request';

interface Targets {
	syncBridge: string;
	http: string;
}

/**
 * n8n's v1 execution order runs sibling branches top to bottom by canvas position, so the branch placed
 * higher runs first.
 */
function workflow(id: string, synchronizationId: string, targets: Targets, syncBridgeFirst: boolean) {
	const [syncBridgeY, httpY] = syncBridgeFirst ? [0, 300] : [300, 0];
	const node = (name: string, type: string, position: [number, number], parameters: object, typeVersion = 1) => ({
		id: `${id}-${name}`.replace(/[^a-zA-Z0-9-]/g, ''),
		name,
		type,
		typeVersion,
		position,
		parameters,
	});
	const upsert = { node: 'Upsert', type: 'main', index: 0 };
	return {
		id,
		name: `Bench: Contract Check + Upsert vs HTTP Request (${syncBridgeFirst ? 'SyncBridge first' : 'HTTP Request first'})`,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', [0, 150], {}),
			node('Items', 'n8n-nodes-base.code', [220, 150], { jsCode: source }, 2),
			node('Contract Check', `${packageName}.syncBridgeContractCheck`, [440, syncBridgeY], {
				synchronizationId,
				originIdPath: 'id',
			}),
			node('Upsert', `${packageName}.syncBridgeUpsert`, [660, syncBridgeY], {
				baseUrl: targets.syncBridge,
				createPath: '/records',
				updatePath: '/records/{id}',
				idPosition: 'id',
				options: { concurrency },
			}),
			// The body is the item: `{{ $json }}` in "Using JSON", one expression per item (the node has no "send the item" mode).
			node(
				httpNode,
				'n8n-nodes-base.httpRequest',
				[440, httpY],
				{
					method: 'POST',
					url: `${targets.http}/records`,
					sendBody: true,
					contentType: 'json',
					specifyBody: 'json',
					jsonBody: '={{ $json }}',
					options: {},
				},
				4.5,
			),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: {
				main: [
					[
						{ node: 'Contract Check', type: 'main', index: 0 },
						{ node: httpNode, type: 'main', index: 0 },
					],
				],
			},
			// New and Changed into Upsert, as a synchronization is wired; a first sync has only New items.
			'Contract Check': { main: [[upsert], [upsert], [], []] },
		},
		settings: { executionOrder: 'v1' },
	};
}

interface NodeRun {
	startTime: number;
	executionTime: number;
	error?: { message: string };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}
type TimedRunData = RunData & { data: { resultData: { runData: Record<string, NodeRun[]> } } };

function nodeRuns(run: TimedRunData, name: string): NodeRun[] {
	const runs = run.data.resultData.runData[name] ?? [];
	if (runs.length === 0) throw new Error(`${name} did not run`);
	const failed = runs.find((nodeRun) => nodeRun.error !== undefined);
	if (failed) throw new Error(`${name} failed: ${failed.error?.message}`);
	return runs;
}

const milliseconds = (run: TimedRunData, name: string) =>
	nodeRuns(run, name).reduce((sum, nodeRun) => sum + nodeRun.executionTime, 0);
const outputCount = (run: TimedRunData, name: string, output: number) =>
	nodeRuns(run, name).reduce((sum, nodeRun) => sum + (nodeRun.data?.main[output]?.length ?? 0), 0);

/** What is wrong with one branch's result in this round: its node output and what its fake holds. */
async function problems(label: string, target: TargetThread, written: number, failed: number): Promise<string[]> {
	const { stats, records } = await target.ask('stats');
	const found: string[] = [];
	if (written !== itemCount) found.push(`${label}: ${written} items written, expected ${itemCount}`);
	if (failed !== 0) found.push(`${label}: ${failed} items failed`);
	if (records !== itemCount) found.push(`${label}: the fake holds ${records} records, expected ${itemCount}`);
	if (stats?.creates !== itemCount) found.push(`${label}: the fake created ${stats?.creates}, expected ${itemCount}`);
	return found;
}

const rate = (items: number, ms: number) => Math.round(items / (ms / 1000));

async function main(): Promise<void> {
	const targets = { syncBridge: await startTargetThread(), http: await startTargetThread() };
	const n8n = await N8nInstance.create();
	try {
		const total = { syncBridge: 0, http: 0 };
		const broken: string[] = [];
		for (let round = 1; round <= rounds; round++) {
			const syncBridgeFirst = round % 2 === 1;
			await Promise.all([targets.syncBridge.ask('clear'), targets.http.ask('clear')]);
			const id = await n8n.importWorkflow(
				workflow(
					syncBridgeFirst ? 'sbBenchWriteSbFirst' : 'sbBenchWriteHttpFirst',
					`bench-write-path-${Date.now()}-${round}`,
					{ syncBridge: targets.syncBridge.url, http: targets.http.url },
					syncBridgeFirst,
				),
			);
			const run = (await n8n.execute(id)) as TimedRunData;
			const ranFirst =
				nodeRuns(run, 'Contract Check')[0].startTime < nodeRuns(run, httpNode)[0].startTime
					? 'SyncBridge'
					: 'HTTP Request';
			const syncBridgeMs = syncBridgeNodes.reduce((sum, name) => sum + milliseconds(run, name), 0);
			const httpMs = milliseconds(run, httpNode);
			total.syncBridge += syncBridgeMs;
			total.http += httpMs;
			const ratio = httpMs / syncBridgeMs; // both wrote the same items: the ratio of items/s
			console.log(
				`round ${round} (${ranFirst} first): Contract Check ${milliseconds(run, 'Contract Check')} ms + Upsert ${milliseconds(run, 'Upsert')} ms = ${syncBridgeMs} ms, ${rate(itemCount, syncBridgeMs)} items/s; HTTP Request ${httpMs} ms, ${rate(itemCount, httpMs)} items/s; SyncBridge / HTTP Request ${ratio.toFixed(2)}`,
			);
			// HTTP Request has no failed output: a failed request fails the execution, and `execute` throws.
			const found = [
				...(await problems(
					'SyncBridge',
					targets.syncBridge,
					outputCount(run, 'Upsert', 0),
					outputCount(run, 'Upsert', 1),
				)),
				...(await problems('HTTP Request', targets.http, outputCount(run, httpNode, 0), 0)),
			];
			broken.push(...found.map((problem) => `round ${round}: ${problem}`));
		}
		const items = itemCount * rounds;
		const ratio = total.http / total.syncBridge;
		console.log(
			`${itemCount} items x ${rounds} rounds, Upsert concurrency ${concurrency}: Contract Check + Upsert ${total.syncBridge} ms, ${rate(items, total.syncBridge)} items/s; HTTP Request ${total.http} ms, ${rate(items, total.http)} items/s`,
		);
		console.log(`ratio SyncBridge / HTTP Request (items/s): ${ratio.toFixed(2)}`);
		if (broken.length > 0) throw new Error(`incorrect results:\n${broken.join('\n')}`);
		console.log(`check OK: each fake held exactly ${itemCount} new records per round, no item failed`);
	} finally {
		await n8n.dispose();
		await Promise.all([targets.syncBridge.stop(), targets.http.stop()]);
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
