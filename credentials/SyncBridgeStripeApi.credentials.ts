import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * Stripe: a secret (or restricted) key for the API. Webhook signing secrets are not kept here: the
 * SyncBridge Stripe Trigger stores the one Stripe generates for its endpoint, and an endpoint created by
 * hand is verified through a SyncBridge Webhook Secret credential (scheme Stripe).
 */
export class SyncBridgeStripeApi implements ICredentialType {
	name = 'syncBridgeStripeApi';

	displayName = 'SyncBridge Stripe API';

	icon: Icon = {
		light: 'file:SyncBridgeStripeApi.svg',
		dark: 'file:SyncBridgeStripeApi.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#stripe';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A secret key (sk_live_… or sk_test_…) or a restricted key (rk_…) with access to customers',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stripe.com',
			description: 'Change only to point at a mock of the Stripe API',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.secretKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/v1/balance', method: 'GET' },
	};
}
