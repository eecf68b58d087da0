import { instanceUrlField, type ConnectorCredential } from '../../connector-definition';
import { SALESFORCE_API_VERSION } from './api-version';

/** Salesforce through a connected app, authorization-code flow with a refresh token. */
export const salesforceCredential: ConnectorCredential = {
	name: 'syncBridgeSalesforceOAuth2Api',
	displayName: 'SyncBridge Salesforce OAuth2 API',
	documentation: 'salesforce',
	oauth2: {
		grantType: 'authorizationCode',
		authUrl: '={{$self["loginUrl"]}}/services/oauth2/authorize',
		accessTokenUrl: '={{$self["loginUrl"]}}/services/oauth2/token',
		scope: 'api refresh_token',
	},
	fields: [
		{
			displayName: 'Login URL',
			name: 'loginUrl',
			type: 'string',
			default: 'https://login.salesforce.com',
			description: 'https://test.salesforce.com for sandboxes, or your My Domain login URL',
		},
		instanceUrlField(
			'Instance URL',
			'instanceUrl',
			'https://yourdomain.my.salesforce.com',
			'The org the API calls go to (the instance_url Salesforce returns with the token)',
		),
	],
	auth: { kind: 'oauth2' },
	test: { baseUrl: '{{instanceUrl}}', path: `/services/data/${SALESFORCE_API_VERSION}/limits`, method: 'GET' },
};
