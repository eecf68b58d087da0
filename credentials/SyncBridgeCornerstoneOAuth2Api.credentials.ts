import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/** Cornerstone OnDemand: an OAuth 2.0 application registered in Edge API Management (client credentials). */
export class SyncBridgeCornerstoneOAuth2Api implements ICredentialType {
	name = 'syncBridgeCornerstoneOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SyncBridge Cornerstone OAuth2 API';

	icon: Icon = {
		light: 'file:SyncBridgeCornerstoneOAuth2Api.svg',
		dark: 'file:SyncBridgeCornerstoneOAuth2Api.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#cornerstone';

	properties: INodeProperties[] = [
		{
			displayName: 'Portal URL',
			name: 'portalUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://yourcorp.csod.com',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'vw_rpt_transcript:read transcript:create',
			description: 'Space-separated scopes granted to the application in API Management',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: '={{$self["portalUrl"]}}/services/api/oauth2/token' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.portalUrl}}', url: '/services/api/x/odata/api/views/vw_rpt_transcript', qs: { $top: 1 }, method: 'GET' },
	};
}
