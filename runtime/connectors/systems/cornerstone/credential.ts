import { instanceUrlField, type ConnectorCredential } from '../../connector-definition';

/** Cornerstone OnDemand: an OAuth 2.0 application registered in Edge API Management (client credentials). */
export const cornerstoneCredential: ConnectorCredential = {
	name: 'syncBridgeCornerstoneOAuth2Api',
	displayName: 'SyncBridge Cornerstone OAuth2 API',
	documentation: 'cornerstone',
	oauth2: { grantType: 'clientCredentials', accessTokenUrl: '={{$self["portalUrl"]}}/services/api/oauth2/token' },
	fields: [
		instanceUrlField('Portal URL', 'portalUrl', 'https://yourcorp.csod.com'),
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: 'vw_rpt_transcript:read transcript:create',
			description: 'Space-separated scopes granted to the application in API Management',
		},
	],
	auth: { kind: 'oauth2' },
	test: {
		baseUrl: '{{portalUrl}}',
		path: '/services/api/x/odata/api/views/vw_rpt_transcript',
		query: { $top: 1 },
		method: 'GET',
	},
};
