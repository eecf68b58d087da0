import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/** Consio: the organisation's API address and an API key sent in X-Api-Key. */
export class SyncBridgeConsioApi implements ICredentialType {
	name = 'syncBridgeConsioApi';

	displayName = 'SyncBridge Consio API';

	icon: Icon = {
		light: 'file:SyncBridgeConsioApi.svg',
		dark: 'file:SyncBridgeConsioApi.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#consio';

	properties: INodeProperties[] = [
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/api/v1/members', qs: { limit: 1 }, method: 'GET' },
	};
}
