import type { ConnectorCredential } from '../../connector-definition';
import { SALESFORCE_API_VERSION } from './api-version';

/** Salesforce through a connected app, authorization-code flow with a refresh token. */
export const salesforceCredential: ConnectorCredential = {
	name: 'syncBridgeSalesforceOAuth2Api',
	displayName: 'SyncBridge Salesforce OAuth2 API',
	documentation: 'salesforce',
	oauth2: true,
	fields: [
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
	],
	auth: { kind: 'oauth2' },
	test: { baseUrl: '{{instanceUrl}}', path: `/services/data/${SALESFORCE_API_VERSION}/limits`, method: 'GET' },
};
