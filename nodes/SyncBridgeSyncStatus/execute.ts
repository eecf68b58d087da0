import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { replayItem } from '../../runtime/contracts/dead-letter-replay';
import { openNodeStore } from '../shared/contract-store-parameters';

/** Sync Status's execute: one store read per input item and operation. */
export async function executeSyncStatus(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	let store: ContractStore;
	try {
		store = await openNodeStore(context);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			description: 'The contract store could not be opened',
		});
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const operation = context.getNodeParameter('operation', itemIndex) as string;
			const synchronizationId = (context.getNodeParameter('synchronizationId', itemIndex) as string).trim();
			if (synchronizationId === '') throw new Error('Synchronization ID is empty');
			if (operation === 'getIntegrationStatus') {
				const status = await store.status(synchronizationId);
				output.push({
					json: { ...status, store: store.kind, lastRun: status.lastRun ? { ...status.lastRun } : null },
					pairedItem: { item: itemIndex },
				});
			} else if (operation === 'getLastSyncResult') {
				const run = await store.getLastRun(synchronizationId);
				output.push({
					json: run === undefined ? { synchronizationId, found: false, message: 'No run recorded yet' } : runJson(run),
					pairedItem: { item: itemIndex },
				});
			} else {
				const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
				for (const letter of await store.listDeadLetters(synchronizationId, limit)) {
					output.push({ json: replayItem(letter) as IDataObject, pairedItem: { item: itemIndex } });
				}
			}
		} catch (error) {
			if (context.continueOnFail()) {
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw new NodeOperationError(context.getNode(), error as Error, { itemIndex });
		}
	}
	return [output];
}

function runJson(run: object): IDataObject {
	const json = { ...run } as IDataObject;
	if (typeof json.deleteRefusal === 'string') json.deleteRefusal = JSON.parse(json.deleteRefusal) as IDataObject;
	return json;
}
