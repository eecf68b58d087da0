import type { IExecuteFunctions, ILoadOptionsFunctions, INodeExecutionData, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { builtInConnectors } from '../../runtime/connectors';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import { upsertDescription } from './description';
import { executeUpsert } from './execute';

export class SyncBridgeUpsert implements INodeType {
	description = upsertDescription;

	methods = {
		credentialTest: { syncBridgePostgresConnectionTest },
		loadOptions: {
			async getConnectorResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const descriptor = builtInConnectors[this.getCurrentNodeParameter('connector') as string];
				return Object.entries(descriptor?.resources ?? {}).map(([value, resource]) => ({ name: resource.displayName, value }));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeUpsert(this);
	}
}
