import { instanceUrlField, type ConnectorCredential } from '../../connector-definition';

/**
 * Dynamics 365 / Dataverse as an application user: client credentials against Microsoft Entra ID,
 * scope `<environment URL>/.default`.
 */
export const dynamics365Credential: ConnectorCredential = {
	name: 'syncBridgeDynamics365OAuth2Api',
	displayName: 'SyncBridge Dynamics 365 OAuth2 API',
	documentation: 'dynamics-365--dataverse',
	oauth2: {
		grantType: 'clientCredentials',
		accessTokenUrl: '={{$self["loginUrl"]}}/{{$self["tenantId"]}}/oauth2/v2.0/token',
		scope: '={{$self["environmentUrl"].replace(/\\/+$/, "")}}/.default',
	},
	fields: [
		instanceUrlField('Environment URL', 'environmentUrl', 'https://yourorg.crm4.dynamics.com'),
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
	],
	auth: { kind: 'oauth2' },
	test: { baseUrl: '{{environmentUrl}}', path: '/api/data/v9.2/WhoAmI', method: 'GET' },
};
