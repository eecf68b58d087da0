import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * An API key in a request header, for the city calendar (X-API-Key) and for generic REST/XML
 * connectors built from a descriptor.
 */
export class SyncBridgeApiKeyApi implements ICredentialType {
	name = 'syncBridgeApiKeyApi';

	displayName = 'SyncBridge API Key (City Calendar / Generic REST) API';

	icon: Icon = {
		light: 'file:SyncBridgeApiKeyApi.svg',
		dark: 'file:SyncBridgeApiKeyApi.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#generic-connector';

	properties: INodeProperties[] = [
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
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { '={{$credentials.headerName}}': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '={{$credentials.testPath}}', method: 'GET' },
	};
}
