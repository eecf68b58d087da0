import { instanceUrlField, secretField, type ConnectorCredential } from './connector-definition';

/**
 * The generic credential: an API key in a request header, for connectors built from a descriptor
 * (SyncBridge REST, the Polling Trigger's generic source, Upsert's HTTP endpoint), which may rename
 * the header or go without the key, and for the city calendar (X-API-Key).
 */
export const apiKeyCredential: ConnectorCredential = {
	name: 'syncBridgeApiKeyApi',
	displayName: 'SyncBridge API Key (City Calendar / Generic REST) API',
	documentation: 'generic-connector',
	fields: [
		instanceUrlField('Base URL', 'baseUrl', 'https://calendar.example-city.no/api'),
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-API-Key',
		},
		secretField('API Key', 'apiKey'),
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
