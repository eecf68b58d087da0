import type { ConnectorCredential } from '../../connector-definition';

/** Consio: the organisation's API address and an API key sent in X-Api-Key. */
export const consioCredential: ConnectorCredential = {
	name: 'syncBridgeConsioApi',
	displayName: 'SyncBridge Consio API',
	documentation: 'consio',
	fields: [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourorg.consio.no',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	],
	auth: { kind: 'apiKeyHeader', name: 'X-Api-Key', field: 'apiKey' },
	test: { baseUrl: '{{baseUrl}}', path: '/api/v1/members', query: { limit: 1 }, method: 'GET' },
};
