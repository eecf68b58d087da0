import { instanceUrlField, secretField, type ConnectorCredential } from '../../connector-definition';

/**
 * An API key in a request header, for the city calendar (X-API-Key) and for generic REST/XML
 * connectors built from a descriptor, which may rename the header or go without the key.
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
