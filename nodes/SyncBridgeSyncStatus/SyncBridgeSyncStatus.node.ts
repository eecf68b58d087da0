import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import { syncStatusDescription } from './description';
import { executeSyncStatus } from './execute';

export class SyncBridgeSyncStatus implements INodeType {
	description = syncStatusDescription;

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeSyncStatus(this);
	}
}
