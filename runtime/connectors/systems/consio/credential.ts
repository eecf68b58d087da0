import { instanceUrlField, secretField, type ConnectorCredential } from '../../connector-definition';

/** Consio: the organisation's API address and an API key sent in X-Api-Key. */
export const consioCredential: ConnectorCredential = {
	name: 'syncBridgeConsioApi',
	displayName: 'SyncBridge Consio API',
	documentation: 'consio',
	fields: [instanceUrlField('Base URL', 'baseUrl', 'https://yourorg.consio.no'), secretField('API Key', 'apiKey')],
	auth: { kind: 'apiKeyHeader', name: 'X-Api-Key', field: 'apiKey' },
	test: { baseUrl: '{{baseUrl}}', path: '/api/v1/members', query: { limit: 1 }, method: 'GET' },
};
