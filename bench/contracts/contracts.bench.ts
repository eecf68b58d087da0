import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkBatch } from '../../runtime/contracts/contract-check';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import type { WriteContext, WriteItem } from '../../runtime/contracts/contract-writer';
import { endpointRequests } from '../../runtime/contracts/target-endpoint';
import { PostgresContractStore } from '../../runtime/contracts/postgres-contract-store';
import { SqliteContractStore } from '../../runtime/contracts/sqlite-contract-store';
import { writeBatch } from '../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../runtime/http/fetch-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';
import { dropSchema, ensurePostgres, uniqueSchema } from '../../test/unit/contracts/postgres-server';
import { plainFetchRate, rawPostgresRate, rawSqliteRate } from './baselines';

/*
 * SyncBridge's write path against the same work without its bookkeeping, measured in one run:
 * - first sync (check + write every record) / plain fetch POSTs of the same records to the same target;
 * - unchanged re-sync (check every record, write none) / raw hash + upsert of (id, hash) in the same database.
 *   node dist/bench/contracts/contracts.bench.js [--records N] [--store sqlite|postgres|both] [--concurrency C]
 * Exits non-zero when a SQLite ratio misses its target, a record is lost or written twice, or the re-sync calls the target.
 */

interface Args {
	records: number;
	store: 'sqlite' | 'postgres' | 'both';
	concurrency: number;
}

function parseArgs(argv: string[]): Args {
	const args: Args = { records: 100_000, store: 'both', concurrency: 16 };
	for (let i = 0; i < argv.length; i++) {
		const value = argv[i + 1];
		if (argv[i] === '--records') args.records = Number(value);
		else if (argv[i] === '--store') args.store = value as Args['store'];
		else if (argv[i] === '--concurrency') args.concurrency = Number(value);
		else continue;
		i++;
	}
	if (!Number.isInteger(args.records) || args.records <= 0) throw new Error('--records must be a positive integer');
	if (!['sqlite', 'postgres', 'both'].includes(args.store)) throw new Error('--store must be sqlite, postgres or both');
	return args;
}

interface TargetHandle {
	url: string;
	ask(
		message: 'stats' | 'reset' | 'clear',
	): Promise<{ stats?: { requests: number; creates: number }; records?: number }>;
	stop(): Promise<void>;
}

async function startTarget(): Promise<TargetHandle> {
	const worker = new Worker(join(__dirname, 'target-worker.js'));
	const url = await new Promise<string>((resolve, reject) => {
		worker.once('message', (message: { url: string }) => resolve(message.url));
		worker.once('error', reject);
	});
	return {
		url,
		ask: (message) =>
			new Promise((resolve) => {
				worker.once('message', resolve);
				worker.postMessage(message);
			}),
		stop: async () => {
			worker.postMessage('stop');
			await new Promise((resolve) => worker.once('exit', resolve));
		},
	};
}

function record(i: number) {
	return {
		key: `r${i}`,
		name: `Member ${i}`,
		email: `member${i}@example.com`,
		membership: { level: i % 3 === 0 ? 'gold' : 'basic', since: '2024-01-01', tags: ['a', 'b', String(i % 7)] },
		amount: (i * 37) % 1000,
	};
}

const chunk = 5000;

/** One full pass: check all records in chunks, write whatever is not unchanged. Returns seconds and writes. */
async function pass(
	ctx: WriteContext,
	records: readonly ReturnType<typeof record>[],
	concurrency: number,
	runId: string,
) {
	const started = performance.now();
	let writes = 0;
	let failed = 0;
	for (let start = 0; start < records.length; start += chunk) {
		const slice = records.slice(start, start + chunk);
		const checked = await checkBatch(
			ctx.store,
			{
				synchronizationId: ctx.synchronizationId,
				configVersion: ctx.configVersion,
				mappingVersion: ctx.mappingVersion,
				runId,
			},
			slice.map((body) => ({ inboundId: body.key, record: body })),
		);
		const items: WriteItem[] = checked.objects
			.filter((object) => object.classification.route !== 'unchanged')
			.map((object) => ({
				inboundId: object.inboundId,
				hash: object.hash,
				body: slice[object.index],
				route: object.classification.route,
			}));
		const outcomes = await writeBatch(ctx, items, { concurrency, runId });
		writes += items.length;
		failed += outcomes.filter((outcome) => outcome.status === 'failed').length;
	}
	return { seconds: (performance.now() - started) / 1000, writes, failed };
}

interface StoreFigures {
	kind: 'sqlite' | 'postgres';
	fetchRate: number;
	firstRate: number;
	rawRate: number;
	resyncRate: number;
	ok: boolean;
}

async function benchStore(kind: 'sqlite' | 'postgres', args: Args, target: TargetHandle): Promise<StoreFigures> {
	const records = Array.from({ length: args.records }, (_, i) => record(i));
	let store: ContractStore;
	let cleanup: () => Promise<void>;
	let rawRate: () => Promise<number>;
	if (kind === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'syncbridge-bench-'));
		store = new SqliteContractStore({ path: join(dir, 'contracts.sqlite') });
		rawRate = async () => rawSqliteRate(join(dir, 'raw.sqlite'), records, chunk);
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const server = await ensurePostgres();
		const schema = uniqueSchema('bench');
		store = new PostgresContractStore({ pool: { connectionString: server.url, max: 8 }, schema });
		rawRate = () => rawPostgresRate(server.url, schema, records, chunk);
		cleanup = async () => {
			await dropSchema(server.url, schema);
			await server.stop();
		};
	}
	try {
		await store.init();
		const ctx: WriteContext = {
			store,
			client: createResilientClient({
				transport: createFetchTransport(),
				retry: { baseDelayMs: 50, maxDelayMs: 1000 },
			}),
			target: endpointRequests({
				baseUrl: target.url,
				createPath: '/records',
				updatePath: '/records/{id}',
				deletePath: '/records/{id}',
			}),
			synchronizationId: `bench-${kind}`,
			configVersion: '1',
			mappingVersion: '1',
		};

		// The baselines run right before what they are compared with, against the same target and data.
		await target.ask('clear');
		const fetchRate = await plainFetchRate(target.url, records, args.concurrency);
		await target.ask('clear');
		const first = await pass(ctx, records, args.concurrency, 'first');
		const afterFirst = await target.ask('stats');
		await target.ask('reset');
		const raw = await rawRate();
		const resync = await pass(ctx, records, args.concurrency, 'resync');
		const afterResync = await target.ask('stats');
		const resyncCalls = afterResync.stats?.requests ?? -1;

		const firstRate = args.records / first.seconds;
		const resyncRate = args.records / resync.seconds;
		process.stdout.write(`\n${kind} (${args.records} records, concurrency ${args.concurrency})\n`);
		print('plain fetch POSTs (baseline)', `${Math.round(fetchRate)} rows/s`);
		print(
			'first sync',
			`${first.seconds.toFixed(2)} s  ${Math.round(firstRate)} rows/s  (${afterFirst.stats?.requests} target calls, ${first.failed} failed)`,
		);
		print(`raw ${kind} hash + upsert (baseline)`, `${Math.round(raw)} rows/s`);
		print(
			'unchanged re-sync',
			`${resync.seconds.toFixed(2)} s  ${Math.round(resyncRate)} rows/s  (${resyncCalls} target calls)`,
		);
		print('contracts stored', String(await store.count(`bench-${kind}`)));
		const ok = resyncCalls === 0 && resync.writes === 0 && first.failed === 0 && afterFirst.records === args.records;
		if (!ok)
			print(
				'details',
				JSON.stringify({
					resyncCalls,
					resyncWrites: resync.writes,
					firstFailed: first.failed,
					targetRecords: afterFirst.records,
				}),
			);
		print('check', ok ? 'OK: every record written once, re-sync made 0 target calls' : 'FAILED');
		return { kind, fetchRate, firstRate, rawRate: raw, resyncRate, ok };
	} finally {
		await store.close();
		await cleanup();
	}
}

const print = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(38)} ${value}\n`);

/** A ratio against its target; `binding` targets decide the exit code, the others are printed beside them. */
function ratio(label: string, value: number, target: number | undefined, binding: boolean): boolean {
	const verdict =
		target === undefined ? '' : value >= target ? `  (target >= ${target}: met)` : `  (target >= ${target}: NOT MET)`;
	print(label, `${value.toFixed(2)}${verdict}`);
	return !binding || target === undefined || value >= target;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const target = await startTarget();
	const figures: StoreFigures[] = [];
	try {
		for (const kind of args.store === 'both' ? (['sqlite', 'postgres'] as const) : [args.store]) {
			figures.push(await benchStore(kind, args, target));
		}
	} finally {
		await target.stop();
	}
	process.stdout.write('\nratios (same run)\n');
	let ok = figures.every((figure) => figure.ok);
	for (const figure of figures) {
		const binding = figure.kind === 'sqlite';
		ok = ratio(`${figure.kind}: first sync / plain fetch`, figure.firstRate / figure.fetchRate, 0.8, binding) && ok;
		ok = ratio(`${figure.kind}: re-sync / raw hash + upsert`, figure.resyncRate / figure.rawRate, 0.65, binding) && ok;
	}
	if (!ok) process.exitCode = 1;
}
main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
