import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import { contractCheckCredentials, contractCheckProperties } from './description';
import { executeContractCheck } from './execute';

export class SyncBridgeContractCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Contract Check',
		name: 'syncBridgeContractCheck',
		icon: { light: 'file:contract-check.svg', dark: 'file:contract-check.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"sync: " + $parameter["synchronizationId"]}}',
		description:
			'Route items to new, changed, unchanged or orphaned by comparing them with their synchronization contracts',
		defaults: { name: 'SyncBridge Contract Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['New', 'Changed', 'Unchanged', 'Orphaned'],
		credentials: contractCheckCredentials,
		properties: contractCheckProperties,
	};

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeContractCheck(this);
	}
}
