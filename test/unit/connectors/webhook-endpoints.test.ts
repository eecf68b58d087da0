import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	checkRegisteredEndpoint,
	dynamics365Connector,
	endpointsToReplace,
	readRegisteredEndpoint,
	registeredEndpoint,
	registrationRequest,
	stripeConnector,
	WebhookRegistrationError,
	type RegisteredEndpoint,
} from '../../../runtime/connectors';

const credentials = { baseUrl: 'https://api.stripe.test', secretKey: 'sk_test_x' };
const wanted = {
	url: 'https://n8n.example.test/webhook/abc/webhook',
	events: ['customer.updated', 'customer.created'],
};
const stored: RegisteredEndpoint = {
	id: 'we_1',
	secret: 'whsec_1',
	url: wanted.url,
	events: ['customer.created', 'customer.updated'],
};

describe('webhook endpoint registration (pure)', () => {
	test('the registration request carries the URL, the events once each in a stable order, and extra fields, form-encoded', () => {
		const request = registrationRequest(
			stripeConnector,
			{ ...wanted, events: [...wanted.events, 'customer.created'] },
			{ credentials, extraBody: { metadata: { n8n_workflow_id: 'wf1' } } },
		);
		assert.equal(request.method, 'POST');
		assert.equal(request.url, 'https://api.stripe.test/v1/webhook_endpoints');
		assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.deepEqual(
			[...new URLSearchParams(request.body)],
			[
				['metadata[n8n_workflow_id]', 'wf1'],
				['url', wanted.url],
				['enabled_events[0]', 'customer.created'],
				['enabled_events[1]', 'customer.updated'],
			],
		);
	});

	test('extra fields cannot replace the URL or the events', () => {
		const request = registrationRequest(stripeConnector, wanted, {
			credentials,
			extraBody: { url: 'https://elsewhere.test', enabled_events: ['*'] },
		});
		const fields = new URLSearchParams(request.body);
		assert.equal(fields.get('url'), wanted.url);
		assert.deepEqual(fields.getAll('enabled_events[0]'), ['customer.created']);
	});

	test('no events, or a connector that does not say where URL and events go, is a typed error', () => {
		assert.throws(
			() => registrationRequest(stripeConnector, { url: wanted.url, events: [' '] }, { credentials }),
			(error: unknown) => error instanceof WebhookRegistrationError && error.code === 'NO_EVENTS',
		);
		assert.throws(
			() => registrationRequest(dynamics365Connector, wanted, {}),
			(error: unknown) => error instanceof WebhookRegistrationError && error.code === 'NOT_SUPPORTED',
		);
	});

	test('the registration answer gives the endpoint id and its signing secret; without either it is an error', () => {
		assert.deepEqual(registeredEndpoint(stripeConnector, wanted, { id: 'we_9', secret: 'whsec_9', url: wanted.url }), {
			id: 'we_9',
			secret: 'whsec_9',
			url: wanted.url,
			events: ['customer.created', 'customer.updated'],
		});
		assert.throws(
			() => registeredEndpoint(stripeConnector, wanted, { secret: 'whsec_9' }),
			(error: unknown) => error instanceof WebhookRegistrationError && error.code === 'NO_ENDPOINT_ID',
		);
		assert.throws(
			() => registeredEndpoint(stripeConnector, wanted, { id: 'we_9' }),
			(error: unknown) => error instanceof WebhookRegistrationError && error.code === 'NO_SIGNING_SECRET',
		);
	});

	test('a stored record is read back only when it has the expected shape', () => {
		assert.deepEqual(readRegisteredEndpoint(JSON.parse(JSON.stringify(stored))), stored);
		assert.deepEqual(readRegisteredEndpoint({ id: 'we_1', url: wanted.url, events: [] }), {
			id: 'we_1',
			url: wanted.url,
			events: [],
		});
		for (const value of [
			undefined,
			null,
			'we_1',
			[],
			{ id: '', url: wanted.url, events: [] },
			{ id: 'we_1', url: wanted.url },
			{ id: 'we_1', url: wanted.url, events: [1] },
		]) {
			assert.equal(readRegisteredEndpoint(value), undefined, JSON.stringify(value));
		}
	});

	test('checkExists: current only when stored, with its secret, still at the system, same URL, same events in any order', () => {
		const remote = {
			id: 'we_1',
			url: wanted.url,
			enabled_events: ['customer.updated', 'customer.created'],
			status: 'enabled',
		};
		assert.deepEqual(checkRegisteredEndpoint(stripeConnector, stored, remote, wanted), { current: true });

		const verdict = (
			storedEndpoint: RegisteredEndpoint | undefined,
			remoteEndpoint: unknown,
			wantedEndpoint = wanted,
		) => {
			const check = checkRegisteredEndpoint(stripeConnector, storedEndpoint, remoteEndpoint, wantedEndpoint);
			return check.current ? 'current' : check.reason;
		};
		assert.equal(verdict(undefined, remote), 'no endpoint has been registered yet');
		assert.equal(verdict({ ...stored, secret: undefined }, remote), 'the signing secret of endpoint we_1 is not known');
		assert.equal(verdict(stored, undefined), 'endpoint we_1 no longer exists at Stripe');
		assert.equal(
			verdict(stored, { ...remote, url: 'https://old.example.test/webhook/abc/webhook' }),
			`endpoint we_1 posts to https://old.example.test/webhook/abc/webhook, not ${wanted.url}`,
		);
		assert.equal(
			verdict(stored, remote, { ...wanted, events: ['customer.created'] }),
			'endpoint we_1 sends customer.created, customer.updated, not customer.created',
		);
		assert.equal(
			verdict(stored, { ...remote, enabled_events: ['*'] }),
			'endpoint we_1 sends *, not customer.created, customer.updated',
		);
	});

	test('registering again replaces the stored endpoint and any other endpoint posting to the same URL, nothing else', () => {
		const listed = [
			{ id: 'we_3', url: wanted.url },
			{ id: 'we_2', url: 'https://other-workflow.example.test/webhook/zzz/webhook' },
			{ id: 'we_1', url: 'https://old-host.example.test/webhook/abc/webhook' },
		];
		assert.deepEqual(endpointsToReplace(stripeConnector, stored, listed, wanted.url), ['we_3', 'we_1']);
		assert.deepEqual(endpointsToReplace(stripeConnector, undefined, listed, wanted.url), ['we_3']);
		// The stored endpoint is already gone at the system: nothing to remove for it.
		assert.deepEqual(
			endpointsToReplace(stripeConnector, { ...stored, id: 'we_gone' }, listed, 'https://nobody.example.test'),
			[],
		);
	});
});
