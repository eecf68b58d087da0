import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { storeCredential, storeProperties } from '../shared/contract-store-parameters';

/** SyncBridge Sync Status's parameters: the operation, the synchronization, the store. */
export const syncStatusProperties: INodeProperties[] = [
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
];

export const syncStatusCredentials: INodeCredentialDescription[] = [storeCredential];
