import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/** Salesforce through a connected app, authorization-code flow with a refresh token. */
export class SyncBridgeSalesforceOAuth2Api implements ICredentialType {
	name = 'syncBridgeSalesforceOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SyncBridge Salesforce OAuth2 API';

	icon: Icon = {
		light: 'file:SyncBridgeSalesforceOAuth2Api.svg',
		dark: 'file:SyncBridgeSalesforceOAuth2Api.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#salesforce';

	properties: INodeProperties[] = [
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: 'https://login.salesforce.com',
			description: 'https://test.salesforce.com for sandboxes, or your My Domain login URL',
		},
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourdomain.my.salesforce.com',
			description: 'The org the API calls go to (the instance_url Salesforce returns with the token)',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: '={{$self["loginUrl"]}}/services/oauth2/authorize' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: '={{$self["loginUrl"]}}/services/oauth2/token' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: 'api refresh_token' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.instanceUrl}}', url: '/services/data/v60.0/limits', method: 'GET' },
	};
}
