import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { ContractStore, DeadLetter } from '../../runtime/contracts/contract-store';
import { metadataKey, type ItemMetadata } from '../../runtime/contracts/item-metadata';
import { openNodeStore, storeCredential, storeProperties, syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';

export class SyncBridgeSyncStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Sync Status',
		name: 'syncBridgeSyncStatus',
		icon: 'file:syncbridge.svg',
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["synchronizationId"]}}',
		description: 'Read the health and the last run of a synchronization, or its failed items for replay',
		defaults: { name: 'SyncBridge Sync Status' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			storeCredential,
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'getIntegrationStatus',
				options: [
					{
						name: 'Get Integration Status',
						value: 'getIntegrationStatus',
						action: 'Get integration status',
						description: 'Contracts, pending writes, dead letters, parked conflicts and the last run',
					},
					{
						name: 'Get Last Sync Result',
						value: 'getLastSyncResult',
						action: 'Get last sync result',
						description: 'Counts and timings of the most recent run',
					},
					{
						name: 'Get Failed Items',
						value: 'getFailedItems',
						action: 'Get failed items',
						description: 'Dead letters as items ready to replay through SyncBridge Upsert',
					},
				],
			},
			{
				displayName: 'Synchronization ID',
				name: 'synchronizationId',
				type: 'string',
				default: '',
				required: true,
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { operation: ['getFailedItems'] } },
			},
			...storeProperties,
		],
	};

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		let store: ContractStore;
		try {
			store = await openNodeStore(this);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, { description: 'The contract store could not be opened' });
		}

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const operation = this.getNodeParameter('operation', itemIndex) as string;
				const synchronizationId = (this.getNodeParameter('synchronizationId', itemIndex) as string).trim();
				if (synchronizationId === '') throw new Error('Synchronization ID is empty');
				if (operation === 'getIntegrationStatus') {
					const status = await store.status(synchronizationId);
					output.push({ json: { ...status, store: store.kind, lastRun: status.lastRun ? { ...status.lastRun } : null }, pairedItem: { item: itemIndex } });
				} else if (operation === 'getLastSyncResult') {
					const run = await store.getLastRun(synchronizationId);
					output.push({
						json: run === undefined ? { synchronizationId, found: false, message: 'No run recorded yet' } : runJson(run),
						pairedItem: { item: itemIndex },
					});
				} else {
					const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
					for (const letter of await store.listDeadLetters(synchronizationId, limit)) {
						output.push({ json: replayItem(letter), pairedItem: { item: itemIndex } });
					}
				}
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
					continue;
				}
				throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			}
		}
		return [output];
	}
}

function runJson(run: object): IDataObject {
	const json = { ...run } as IDataObject;
	if (typeof json.deleteRefusal === 'string') json.deleteRefusal = JSON.parse(json.deleteRefusal) as IDataObject;
	return json;
}

/** A dead letter as an item SyncBridge Upsert accepts: the original body plus the metadata to redo the write. */
function replayItem(letter: DeadLetter): IDataObject {
	const payload = (letter.payload ?? {}) as {
		inboundId?: string;
		hash?: string;
		body?: IDataObject;
		route?: ItemMetadata['route'];
		configVersion?: string;
		mappingVersion?: string;
		writeSide?: 'origin' | 'target';
	};
	const meta: ItemMetadata = {
		synchronizationId: letter.synchronizationId,
		runId: `replay-${letter.id}`,
		inboundSide: payload.writeSide === 'origin' ? 'target' : 'origin',
		inboundId: payload.inboundId ?? letter.inboundId,
		hash: payload.hash ?? '',
		route: payload.route ?? 'changed',
		reason: 'hash-changed',
		configVersion: payload.configVersion ?? '',
		mappingVersion: payload.mappingVersion ?? '',
		targetId: null,
		deadLetterId: letter.id,
	};
	return {
		...(payload.body ?? {}),
		[metadataKey]: { ...meta, failedAt: letter.createdAt, lastError: { code: letter.errorCode, message: letter.errorMessage } },
	};
}
