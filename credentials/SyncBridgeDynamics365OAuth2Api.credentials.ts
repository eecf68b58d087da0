import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Dynamics 365 / Dataverse as an application user: client credentials against Microsoft Entra ID,
 * scope `<environment URL>/.default`.
 */
export class SyncBridgeDynamics365OAuth2Api implements ICredentialType {
	name = 'syncBridgeDynamics365OAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SyncBridge Dynamics 365 OAuth2 API';

	icon: Icon = {
		light: 'file:SyncBridgeDynamics365OAuth2Api.svg',
		dark: 'file:SyncBridgeDynamics365OAuth2Api.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#dynamics-365--dataverse';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment URL',
			name: 'environmentUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourorg.crm4.dynamics.com',
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			description: 'The Microsoft Entra tenant (directory) ID or domain',
		},
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: 'https://login.microsoftonline.com',
			description: 'Change only for national clouds or to point at a mock',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: '={{$self["loginUrl"]}}/{{$self["tenantId"]}}/oauth2/v2.0/token' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '={{$self["environmentUrl"].replace(/\\/+$/, "")}}/.default' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.environmentUrl}}', url: '/api/data/v9.2/WhoAmI', method: 'GET' },
	};
}
