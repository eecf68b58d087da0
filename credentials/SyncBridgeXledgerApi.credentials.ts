import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/** Xledger's GraphQL API: an API token generated under Administration > GraphQL > API tokens. */
export class SyncBridgeXledgerApi implements ICredentialType {
	name = 'syncBridgeXledgerApi';

	displayName = 'SyncBridge Xledger API';

	icon: Icon = {
		light: 'file:SyncBridgeXledgerApi.svg',
		dark: 'file:SyncBridgeXledgerApi.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#xledger';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Environment URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.xledger.net',
			description: 'https://www.xledger.net for live, https://demo.xledger.net for the demo environment',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=token {{$credentials.apiToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/graphql',
			method: 'POST',
			body: { query: '{ customers(first: 1) { edges { node { dbId } } } }' },
		},
	};
}
