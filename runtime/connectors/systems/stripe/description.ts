import type { ConnectorDescriptor } from '../../connector-descriptor';
import { stripeCredential } from './credential';
import { stripeCustomerFields } from './fields';

/** Stripe: form-encoded writes, `starting_after` cursors, Idempotency-Key, webhook endpoints. */
export const stripeConnector: ConnectorDescriptor = {
	id: 'stripe',
	displayName: 'Stripe',
	baseUrl: '{{baseUrl}}',
	auth: stripeCredential.auth,
	credentialType: stripeCredential.name,
	// Pinned, so an account's default API version cannot change the shapes SyncBridge reads; the
	// version of the stripe SDK the conformance tests run (test/conformance/stripe.test.ts).
	headers: { 'Stripe-Version': '2026-10-28.endive' },
	pagination: {
		style: 'cursor',
		param: 'starting_after',
		cursorFromRecord: 'id',
		hasMorePosition: 'has_more',
		limitParam: 'limit',
		limit: 100,
	},
	rateLimit: { retryAfterHeader: 'Retry-After' },
	idempotencyHeader: 'Idempotency-Key',
	errorMessagePosition: 'error.message',
	resources: {
		customers: {
			displayName: 'Customer',
			fields: stripeCustomerFields,
			idPosition: 'id',
			resultsPosition: 'data',
			// https://docs.stripe.com/api/customers/delete: a deleted customer still reads, as this stub.
			deletedWhen: { position: 'deleted', equals: true },
			operations: {
				list: { method: 'GET', path: '/v1/customers' },
				get: { method: 'GET', path: '/v1/customers/{id}', resultsPosition: '_root' },
				create: { method: 'POST', path: '/v1/customers', bodyEncoding: 'form', resultsPosition: '_root' },
				update: { method: 'POST', path: '/v1/customers/{id}', bodyEncoding: 'form', resultsPosition: '_root' },
				delete: { method: 'DELETE', path: '/v1/customers/{id}', resultsPosition: '_root' },
			},
		},
	},
	webhooks: {
		register: { method: 'POST', path: '/v1/webhook_endpoints', bodyEncoding: 'form' },
		unregister: { method: 'DELETE', path: '/v1/webhook_endpoints/{id}' },
		list: { method: 'GET', path: '/v1/webhook_endpoints', resultsPosition: 'data' },
		get: { method: 'GET', path: '/v1/webhook_endpoints/{id}', resultsPosition: '_root' },
		events: ['customer.created', 'customer.updated', 'customer.deleted'],
		idPosition: 'id',
		// Stripe returns the secret only in the registration response, never when listing or retrieving.
		secretPosition: 'secret',
		urlPosition: 'url',
		eventsPosition: 'enabled_events',
	},
};
