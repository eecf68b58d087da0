import { dynamics365Connector } from '../../runtime/connectors';
import { connectorTargetRequests } from '../../runtime/connectors/connector-target';
import { checkBatch } from '../../runtime/contracts/contract-check';
import { openStore, type StoreConfig } from '../../runtime/contracts/open-store';
import { endpointRequests } from '../../runtime/contracts/target-endpoint';
import type { TargetRequests } from '../../runtime/contracts/target-requests';
import { writeBatch } from '../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../runtime/http/fetch-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';

/** Where the process writes: the loopback fake target's REST endpoint, or Dataverse's contacts (through `$batch`). */
export type SyncTarget = { endpoint: string } | { dataverse: { environmentUrl: string; accessToken: string } };

/** Record `i` as the target takes it; its inbound id is `k<i>`. */
function recordFor(target: SyncTarget, index: number): Record<string, unknown> {
	return 'endpoint' in target
		? { key: `k${index}`, name: `Record ${index}` }
		: { firstname: `First ${index}`, lastname: `Record ${index}` };
}

function requestsFor(target: SyncTarget): TargetRequests {
	if ('endpoint' in target) {
		return endpointRequests({
			baseUrl: target.endpoint,
			createPath: '/records',
			updatePath: '/records/{id}',
			deletePath: '/records/{id}',
		});
	}
	return connectorTargetRequests({
		descriptor: dynamics365Connector,
		resource: 'contacts',
		credentials: target.dataverse,
	});
}

/**
 * A process syncing `records` records to a target in chunks, as SyncBridge Upsert does: fault tests
 * kill it with SIGKILL mid-chunk and run it again. Exits 0 when every record was written (or found
 * written), printing `synced <n>`.
 *   node chunked-sync-process.js <store config JSON> <target JSON> <synchronization id> <records>
 */
async function main(): Promise<void> {
	const [storeConfig, targetJson, synchronizationId, count] = process.argv.slice(2);
	const target = JSON.parse(targetJson) as SyncTarget;
	const store = await openStore(JSON.parse(storeConfig) as StoreConfig);
	try {
		const records = Array.from({ length: Number(count) }, (_, index) => recordFor(target, index));
		const versions = { synchronizationId, configVersion: '1', mappingVersion: '1' };
		const checked = await checkBatch(
			store,
			versions,
			records.map((record, index) => ({ inboundId: `k${index}`, record })),
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
				target: requestsFor(target),
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
