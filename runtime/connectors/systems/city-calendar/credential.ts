import type { ConnectorCredential } from '../../connector-definition';

/**
 * An API key in a request header, for the city calendar (X-API-Key) and for generic REST/XML
 * connectors built from a descriptor, which may rename the header or go without the key.
 */
export const apiKeyCredential: ConnectorCredential = {
	name: 'syncBridgeApiKeyApi',
	displayName: 'SyncBridge API Key (City Calendar / Generic REST) API',
	documentation: 'generic-connector',
	fields: [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://calendar.example-city.no/api',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-API-Key',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '/events?page=1&per_page=1',
			description: 'A cheap GET request, relative to the base URL, that needs the key (used to test the credential)',
		},
	],
	auth: { kind: 'apiKeyHeader', name: 'X-API-Key', field: 'apiKey' },
	headerNameField: 'headerName',
	optional: true,
	test: { baseUrl: '{{baseUrl}}', path: '{{testPath}}', method: 'GET' },
};
