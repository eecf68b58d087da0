import { checkBatch } from '../../runtime/contracts/contract-check';
import { openStore, type StoreConfig } from '../../runtime/contracts/open-store';
import { endpointRequests } from '../../runtime/contracts/target-endpoint';
import { writeBatch } from '../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../runtime/http/fetch-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';

/**
 * A process syncing `records` records (`{key, name}`) to the fake target in chunks, as SyncBridge
 * Upsert does: fault tests kill it with SIGKILL mid-chunk and run it again. Exits 0 when every record
 * was written (or found written), prints `synced <n>`.
 *   node chunked-sync-process.js <store config JSON> <target url> <synchronization id> <records>
 */
async function main(): Promise<void> {
	const [storeConfig, targetUrl, synchronizationId, count] = process.argv.slice(2);
	const store = await openStore(JSON.parse(storeConfig) as StoreConfig);
	try {
		const records = Array.from({ length: Number(count) }, (_, i) => ({ key: `k${i}`, name: `Record ${i}` }));
		const versions = { synchronizationId, configVersion: '1', mappingVersion: '1' };
		const checked = await checkBatch(
			store,
			versions,
			records.map((record) => ({ inboundId: record.key, record })),
		);
		const writes = checked.objects
			.filter((object) => object.classification.route !== 'unchanged')
			.map((object) => ({
				inboundId: object.inboundId,
				hash: object.hash,
				body: records[object.index],
				route: object.classification.route,
			}));
		const outcomes = await writeBatch(
			{
				...versions,
				store,
				client: createResilientClient({
					transport: createFetchTransport(),
					retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 },
				}),
				target: endpointRequests({
					baseUrl: targetUrl,
					createPath: '/records',
					updatePath: '/records/{id}',
					deletePath: '/records/{id}',
				}),
			},
			writes,
			{ concurrency: 8 },
		);
		const failed = outcomes.filter((outcome) => outcome.status === 'failed');
		if (failed.length > 0) throw new Error(`${failed.length} writes failed: ${JSON.stringify(failed[0])}`);
		process.stdout.write(`synced ${writes.length}\n`);
	} finally {
		await store.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
