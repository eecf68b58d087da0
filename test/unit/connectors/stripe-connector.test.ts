import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	buildRequest,
	buildWebhookRequest,
	extractId,
	extractResults,
	readRateLimit,
	stripeConnector,
} from '../../../runtime/connectors';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { call, fetchAll, send } from './connector-client';

describe('Stripe connector against the fake Stripe', () => {
	const stripe = new FakeStripe();
	let credentials: Record<string, unknown>;
	before(async () => {
		await stripe.start();
		credentials = { baseUrl: stripe.url, secretKey: stripe.secretKey };
	});
	after(() => stripe.stop());

	it('lists every customer exactly once across starting_after pages', async () => {
		const seeded = stripe.seedCustomers(25);
		const small = {
			...stripeConnector,
			pagination: { ...stripeConnector.pagination, limit: 10 },
		} as typeof stripeConnector;
		const { records, requests } = await fetchAll(small, 'customers', { credentials });
		const ids = records.map((record) => extractId(record, 'id'));
		assert.equal(requests.length, 3);
		assert.equal(ids.length, 25);
		assert.equal(new Set(ids).size, 25);
		assert.deepEqual(new Set(ids), new Set(seeded.map((customer) => customer.id)));
		const second = new URL(requests[1].url);
		assert.equal(second.searchParams.get('limit'), '10');
		assert.equal(second.searchParams.get('starting_after'), ids[9]);
		assert.equal(new URL(requests[0].url).searchParams.has('starting_after'), false);
	});

	it('creates form-encoded with nested metadata, and replays an Idempotency-Key instead of creating twice', async () => {
		const before = stripe.customers.length;
		const input = {
			credentials,
			idempotencyKey: 'key-create-1',
			body: { email: 'ada@example.test', name: 'Ada Lovelace', metadata: { app_user_id: 'u-42' } },
		};
		const request = buildRequest(stripeConnector, 'customers', 'create', input);
		assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(request.body, 'email=ada%40example.test&name=Ada+Lovelace&metadata%5Bapp_user_id%5D=u-42');
		assert.equal(request.headers['idempotency-key'], 'key-create-1');
		const first = await send(request);
		const replay = await send(buildRequest(stripeConnector, 'customers', 'create', input));
		assert.equal(first.status, 200);
		assert.equal(replay.headers.get('idempotent-replayed'), 'true');
		assert.equal(extractId(replay.body), extractId(first.body));
		assert.equal(stripe.customers.length, before + 1);
		assert.deepEqual((first.body as { metadata: unknown }).metadata, { app_user_id: 'u-42' });

		const reused = await call(stripeConnector, 'customers', 'create', {
			...input,
			body: { email: 'other@example.test' },
		});
		assert.equal(reused.status, 400);
		assert.equal((reused.body as { error: { type: string } }).error.type, 'idempotency_error');
	});

	it('updates, gets and deletes one customer by id', async () => {
		const created = await call(stripeConnector, 'customers', 'create', {
			credentials,
			body: { email: 'grace@example.test' },
		});
		const id = extractId(created.body) ?? '';
		const updated = await call(stripeConnector, 'customers', 'update', {
			credentials,
			id,
			body: { name: 'Grace Hopper', metadata: { team: 'navy' } },
		});
		assert.equal((updated.body as { name: string }).name, 'Grace Hopper');
		const fetched = await call(stripeConnector, 'customers', 'get', { credentials, id });
		assert.deepEqual(extractResults(fetched.body, '_root'), [fetched.body]);
		const deleted = await call(stripeConnector, 'customers', 'delete', { credentials, id });
		assert.deepEqual(deleted.body, { id, object: 'customer', deleted: true });
		// Stripe still reads a deleted customer, as its deletion stub; it can no longer be updated.
		const stub = await call(stripeConnector, 'customers', 'get', { credentials, id });
		assert.deepEqual([stub.status, stub.body], [200, { id, object: 'customer', deleted: true }]);
		const missing = await call(stripeConnector, 'customers', 'update', { credentials, id, body: { name: 'Grace' } });
		assert.equal(missing.status, 404);
		assert.equal((missing.body as { error: { code: string } }).error.code, 'resource_missing');
		assert.ok(
			stripe.requests.every(
				(request) => request.headers['stripe-version'] === stripeConnector.headers?.['Stripe-Version'],
			),
			'every request pins the API version',
		);
	});

	it('rejects a wrong secret key with Stripe’s 401 error body', async () => {
		const response = await call(stripeConnector, 'customers', 'list', {
			credentials: { ...credentials, secretKey: 'sk_test_wrongwrongwrong' },
		});
		assert.equal(response.status, 401);
		const error = (response.body as { error: { type: string; message: string } }).error;
		assert.equal(error.type, 'invalid_request_error');
		assert.match(error.message, /^Invalid API Key provided/);
	});

	it('reads Retry-After from a 429', async () => {
		stripe.inject({ status: 429, retryAfter: 3, pathIncludes: '/v1/customers' });
		const response = await call(stripeConnector, 'customers', 'list', { credentials });
		assert.equal(response.status, 429);
		assert.equal((response.body as { error: { code: string } }).error.code, 'rate_limit');
		assert.equal(readRateLimit(response.headers, stripeConnector).retryAfterMs, 3000);
	});

	it('registers a webhook endpoint and reads back its signing secret', async () => {
		const request = buildWebhookRequest(stripeConnector, 'register', {
			credentials,
			body: { url: 'https://n8n.example.test/webhook/stripe', enabled_events: stripeConnector.webhooks?.events },
		});
		assert.match(request.body ?? '', /enabled_events%5B0%5D=customer.created/);
		const response = await send(request);
		assert.equal(response.status, 200);
		assert.match(extractId(response.body, stripeConnector.webhooks?.idPosition) ?? '', /^we_/);
		assert.match(extractId(response.body, stripeConnector.webhooks?.secretPosition) ?? '', /^whsec_/);
		assert.deepEqual(stripe.webhookEndpoints[0].enabled_events, [
			'customer.created',
			'customer.updated',
			'customer.deleted',
		]);
	});
});
