import { secretField, type ConnectorCredential } from '../../connector-definition';

/** Xledger's GraphQL API: an API token generated under Administration > GraphQL > API tokens. */
export const xledgerCredential: ConnectorCredential = {
	name: 'syncBridgeXledgerApi',
	displayName: 'SyncBridge Xledger API',
	documentation: 'xledger',
	fields: [
		secretField('API Token', 'apiToken'),
		{
			displayName: 'Environment URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.xledger.net',
			description: 'https://www.xledger.net for live, https://demo.xledger.net for the demo environment',
		},
	],
	auth: { kind: 'apiKeyHeader', name: 'Authorization', field: 'apiToken', prefix: 'token ' },
	test: {
		baseUrl: '{{baseUrl}}',
		path: '/graphql',
		method: 'POST',
		body: { query: '{ customers(first: 1) { edges { node { dbId } } } }' },
	},
};
