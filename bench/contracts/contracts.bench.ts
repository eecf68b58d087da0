import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { startTargetThread, type TargetThread } from './target-thread';

/*
 * First sync vs unchanged re-sync of N records through the contract store and the loopback fake target.
 *   node dist/bench/contracts/contracts.bench.js [--records N] [--store sqlite|postgres|both] [--concurrency C]
 * The re-sync must make 0 target calls; the process exits non-zero otherwise.
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

async function benchStore(kind: 'sqlite' | 'postgres', args: Args, target: TargetThread): Promise<boolean> {
	let store: ContractStore;
	let cleanup: () => Promise<void>;
	if (kind === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'syncbridge-bench-'));
		store = new SqliteContractStore({ path: join(dir, 'contracts.sqlite') });
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const server = await ensurePostgres();
		const schema = uniqueSchema('bench');
		store = new PostgresContractStore({ pool: { connectionString: server.url, max: 8 }, schema });
		cleanup = async () => {
			await dropSchema(server.url, schema);
			await server.stop();
		};
	}
	try {
		await store.init();
		await target.ask('clear');
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
		const records = Array.from({ length: args.records }, (_, i) => record(i));

		const first = await pass(ctx, records, args.concurrency, 'first');
		const afterFirst = await target.ask('stats');
		await target.ask('reset');
		const resync = await pass(ctx, records, args.concurrency, 'resync');
		const afterResync = await target.ask('stats');
		const resyncCalls = afterResync.stats?.requests ?? -1;

		const firstRate = args.records / first.seconds;
		const resyncRate = args.records / resync.seconds;
		const print = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(34)} ${value}\n`);
		process.stdout.write(`\n${kind} (${args.records} records, concurrency ${args.concurrency})\n`);
		print(
			'first sync',
			`${first.seconds.toFixed(2)} s  ${Math.round(firstRate)} rows/s  (${afterFirst.stats?.requests} target calls, ${first.failed} failed)`,
		);
		print(
			'unchanged re-sync',
			`${resync.seconds.toFixed(2)} s  ${Math.round(resyncRate)} rows/s  (${resyncCalls} target calls)`,
		);
		print('ratio re-sync / first sync', `${(resyncRate / firstRate).toFixed(1)}x`);
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
		print('check', ok ? 'OK: re-sync made 0 target calls' : 'FAILED');
		return ok;
	} finally {
		await store.close();
		await cleanup();
	}
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const target = await startTargetThread();
	let ok = true;
	try {
		for (const kind of args.store === 'both' ? (['sqlite', 'postgres'] as const) : [args.store]) {
			ok = (await benchStore(kind, args, target)) && ok;
		}
	} finally {
		await target.stop();
	}
	if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
