import { secretField, type ConnectorCredential } from '../../connector-definition';

/**
 * Stripe: a secret (or restricted) key for the API. Webhook signing secrets are not kept here: the
 * SyncBridge Stripe Trigger stores the one Stripe generates for its endpoint, and an endpoint created by
 * hand is verified through a SyncBridge Webhook Secret credential (scheme Stripe).
 */
export const stripeCredential: ConnectorCredential = {
	name: 'syncBridgeStripeApi',
	displayName: 'SyncBridge Stripe API',
	documentation: 'stripe',
	fields: [
		secretField(
			'Secret Key',
			'secretKey',
			'A secret key (sk_live_… or sk_test_…) or a restricted key (rk_…) with access to customers',
		),
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stripe.com',
			description: 'Change only to point at a mock of the Stripe API',
		},
	],
	auth: { kind: 'bearer', tokenField: 'secretKey' },
	test: { baseUrl: '{{baseUrl}}', path: '/v1/balance', method: 'GET' },
};
