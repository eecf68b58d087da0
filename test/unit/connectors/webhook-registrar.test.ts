import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
	parseResponseBody,
	stripeConnector,
	webhookRegistrar,
	type BuiltRequest,
	type ListResponse,
} from '../../../runtime/connectors';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { verifyStripeSignature } from '../../../runtime/webhooks/stripe-signature';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { SinkServer } from '../../support/sink-server';

/** The runtime's resilient client over plain fetch: 2xx resolves, a 4xx rejects with PermanentHttpError. */
function sender(): (request: BuiltRequest) => Promise<ListResponse> {
	const client = createResilientClient({
		retry: { maxAttempts: 1 },
		transport: {
			async request(request) {
				const response = await fetch(request.url, {
					method: request.method,
					headers: request.headers,
					body: request.body as string | undefined,
				});
				const text = await response.text();
				return {
					status: response.status,
					headers: Object.fromEntries(response.headers),
					body: parseResponseBody(text, response.headers.get('content-type') ?? ''),
				};
			},
		},
	});
	return async (request) => {
		const response = await client.request({
			method: request.method,
			url: request.url,
			headers: request.headers,
			body: request.body,
		});
		return { status: response.status, headers: response.headers, body: response.body };
	};
}

describe('webhook endpoint lifecycle against the fake Stripe', () => {
	const stripe = new FakeStripe();
	let sink: SinkServer;
	let registrar: ReturnType<typeof webhookRegistrar>;
	const events = ['customer.created', 'customer.deleted'];

	before(async () => {
		await stripe.start();
		sink = await SinkServer.start();
		registrar = webhookRegistrar(stripeConnector, sender(), { baseUrl: stripe.url, secretKey: stripe.secretKey });
	});
	after(async () => {
		await stripe.stop();
		await sink.stop();
	});
	beforeEach(() => stripe.webhookEndpoints.splice(0));

	test('register -> check -> unregister: one endpoint with the URL and events, a fresh secret; gone afterwards', async () => {
		const url = `${sink.url}/hook-a`;
		assert.deepEqual(await registrar.check(undefined, { url, events }), {
			current: false,
			reason: 'no endpoint has been registered yet',
		});

		const { endpoint, replaced } = await registrar.register(
			undefined,
			{ url, events },
			{ metadata: { n8n_workflow_id: 'wf-1' } },
		);
		assert.deepEqual(replaced, []);
		assert.match(endpoint.id, /^we_/);
		assert.match(endpoint.secret ?? '', /^whsec_/);
		assert.equal(stripe.webhookEndpoints.length, 1);
		const [remote] = stripe.webhookEndpoints;
		assert.deepEqual(
			[remote.id, remote.url, remote.enabled_events, remote.metadata, remote.secret],
			[endpoint.id, url, events, { n8n_workflow_id: 'wf-1' }, endpoint.secret],
		);

		assert.deepEqual(await registrar.check(endpoint, { url, events }), { current: true });
		assert.equal((await registrar.check(endpoint, { url, events: ['customer.created'] })).current, false);

		assert.equal(await registrar.unregister(endpoint), true);
		assert.equal(stripe.webhookEndpoints.length, 0);
		assert.deepEqual(await registrar.check(endpoint, { url, events }), {
			current: false,
			reason: `endpoint ${endpoint.id} no longer exists at Stripe`,
		});
		assert.equal(await registrar.unregister(endpoint), false, 'a 404 counts as removed');
	});

	test('registering again removes the stored endpoint and orphans posting to the same URL, across list pages, and keeps the others', async () => {
		const url = `${sink.url}/hook-b`;
		const others = [];
		for (let index = 0; index < 11; index++)
			others.push((await registrar.register(undefined, { url: `${sink.url}/other-${index}`, events })).endpoint.id);
		// An orphan: registered for this URL, but its record (and secret) was lost.
		const orphan = (await registrar.register(undefined, { url, events })).endpoint;
		const stored = (await registrar.register(undefined, { url: `${sink.url}/old-host`, events })).endpoint;

		// Pages of 5 instead of 100, so the 13 endpoints take three pages.
		const webhooks = stripeConnector.webhooks as NonNullable<typeof stripeConnector.webhooks>;
		const smallPages = {
			...stripeConnector,
			webhooks: {
				...webhooks,
				list: {
					...webhooks.list,
					method: 'GET' as const,
					path: '/v1/webhook_endpoints',
					pagination: { ...stripeConnector.pagination, limit: 5 },
				},
			},
		};
		const paging = webhookRegistrar(smallPages, sender(), { baseUrl: stripe.url, secretKey: stripe.secretKey });
		const listCallsBefore = stripe.requestsTo('/v1/webhook_endpoints', 'GET').length;
		const { endpoint, replaced } = await paging.register({ ...stored, url }, { url, events });
		assert.deepEqual(replaced.sort(), [orphan.id, stored.id].sort());
		assert.equal(stripe.requestsTo('/v1/webhook_endpoints', 'GET').length - listCallsBefore, 3);
		assert.deepEqual(stripe.webhookEndpoints.map((remote) => remote.id).sort(), [...others, endpoint.id].sort());
	});

	test('the fake signs each delivery with the endpoint’s own secret, which verifies with the stored one', async () => {
		const url = `${sink.url}/hook-c`;
		const { endpoint } = await registrar.register(undefined, { url, events });
		await registrar.register(undefined, { url: `${sink.url}/hook-updated-only`, events: ['customer.updated'] });

		const deliveries = await stripe.deliver(
			stripe.createEvent('customer.created', { id: 'cus_1', object: 'customer' }),
		);
		assert.deepEqual(
			deliveries.map((delivery) => [delivery.endpointId, delivery.status]),
			[[endpoint.id, 200]],
			'only endpoints subscribed to the type get it',
		);
		const [received] = sink.received.filter((request) => request.path === '/hook-c');
		const verdict = verifyStripeSignature(
			{ headers: received.headers, rawBody: received.rawBody },
			{ secrets: [endpoint.secret ?? ''] },
		);
		assert.deepEqual(verdict.ok && verdict.eventId, deliveries[0].eventId);
		assert.equal((received.body as { type: string }).type, 'customer.created');
		const other = verifyStripeSignature(
			{ headers: received.headers, rawBody: received.rawBody },
			{ secrets: [stripe.webhookEndpoints[1].secret] },
		);
		assert.equal(other.ok, false, 'another endpoint’s secret does not verify it');
	});
});
