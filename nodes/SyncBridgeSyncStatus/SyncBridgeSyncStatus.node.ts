import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import { syncStatusCredentials, syncStatusProperties } from './description';
import { executeSyncStatus } from './execute';

export class SyncBridgeSyncStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Sync Status',
		name: 'syncBridgeSyncStatus',
		icon: { light: 'file:sync-status.svg', dark: 'file:sync-status.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["synchronizationId"]}}',
		description: 'Read the health and the last run of a synchronization, or its failed items for replay',
		defaults: { name: 'SyncBridge Sync Status' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: syncStatusCredentials,
		properties: syncStatusProperties,
	};

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeSyncStatus(this);
	}
}
