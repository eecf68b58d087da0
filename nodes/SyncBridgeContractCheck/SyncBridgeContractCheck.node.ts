import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import { contractCheckDescription } from './description';
import { executeContractCheck } from './execute';

export class SyncBridgeContractCheck implements INodeType {
	description = contractCheckDescription;

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeContractCheck(this);
	}
}
