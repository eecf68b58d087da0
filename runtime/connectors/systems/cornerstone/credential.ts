import type { ConnectorCredential } from '../../connector-definition';

/** Cornerstone OnDemand: an OAuth 2.0 application registered in Edge API Management (client credentials). */
export const cornerstoneCredential: ConnectorCredential = {
	name: 'syncBridgeCornerstoneOAuth2Api',
	displayName: 'SyncBridge Cornerstone OAuth2 API',
	documentation: 'cornerstone',
	oauth2: true,
	fields: [
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
	],
	auth: { kind: 'oauth2' },
	test: { baseUrl: '{{portalUrl}}', path: '/services/api/x/odata/api/views/vw_rpt_transcript', query: { $top: 1 }, method: 'GET' },
};
