import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import Stripe from 'stripe';

import { stripeConnector } from '../../runtime/connectors';
import { FakeStripe } from '../fakes/systems/fake-stripe';
import { SinkServer } from '../support/sink-server';

/** The official `stripe` SDK against the fake Stripe: every call SyncBridge makes, and Stripe's documented errors. */
describe('the stripe SDK against the fake Stripe', () => {
	let fake: FakeStripe;
	let stripe: Stripe;

	/** The Stripe error the SDK threw. */
	const rejection = async (call: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> => {
		try {
			await call;
		} catch (error) {
			assert.ok(error instanceof Stripe.errors.StripeError, String(error));
			return error;
		}
		assert.fail('the call succeeded');
	};

	before(async () => {
		fake = await new FakeStripe().start();
		const { hostname, port } = new URL(fake.url);
		stripe = new Stripe(fake.secretKey, { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0 });
	});

	after(() => fake.stop());

	test('the connector pins the API version of the SDK, and the fake accepts what the SDK sends', async () => {
		assert.equal(stripeConnector.headers?.['Stripe-Version'], Stripe.API_VERSION);
		await stripe.customers.list({ limit: 1 });
		assert.equal(fake.requests.at(-1)?.headers['stripe-version'], Stripe.API_VERSION);
	});

	test("the credential test's request: the balance", async () => {
		assert.equal((await stripe.balance.retrieve()).object, 'balance');
	});

	test('create keeps every documented field SyncBridge maps (address, balance, metadata), retrieve reads them back', async () => {
		const created = await stripe.customers.create({
			email: 'jenny.rosen@example.com',
			name: 'Jenny Rosen',
			phone: '+31 30 123 4567',
			address: { line1: 'Oudegracht 1', postal_code: '3511 AA', city: 'Utrecht', country: 'NL' },
			balance: -1250,
			metadata: { app_user_id: '4711' },
		});
		assert.match(created.id, /^cus_/);
		const read = await stripe.customers.retrieve(created.id);
		assert.ok(!read.deleted);
		assert.deepEqual(
			{
				email: read.email,
				name: read.name,
				phone: read.phone,
				address: read.address,
				balance: read.balance,
				metadata: read.metadata,
			},
			{
				email: 'jenny.rosen@example.com',
				name: 'Jenny Rosen',
				phone: '+31 30 123 4567',
				address: {
					line1: 'Oudegracht 1',
					line2: null,
					postal_code: '3511 AA',
					city: 'Utrecht',
					state: null,
					country: 'NL',
				},
				balance: -1250,
				metadata: { app_user_id: '4711' },
			},
		);
	});

	test('update changes what it names; an empty string clears a value or a metadata key', async () => {
		const customer = await stripe.customers.create({
			email: 'ada@example.test',
			name: 'Ada',
			phone: '+44 1',
			metadata: { team: 'math', app_user_id: '1' },
		});
		const updated = await stripe.customers.update(customer.id, {
			name: 'Ada Lovelace',
			phone: '',
			metadata: { team: '' },
		});
		assert.deepEqual(
			[updated.name, updated.phone, updated.email, updated.metadata],
			['Ada Lovelace', null, 'ada@example.test', { app_user_id: '1' }],
		);
	});

	test('an unknown parameter is a 400 parameter_unknown naming it, on create and update, and nothing is written', async () => {
		const before = fake.customers.length;
		const unknown = await rejection(
			stripe.customers.create({ email: 'x@example.test', nickname: 'X' } as Stripe.CustomerCreateParams),
		);
		assert.deepEqual(
			[unknown.statusCode, unknown.type, unknown.code, unknown.param],
			[400, 'StripeInvalidRequestError', 'parameter_unknown', 'nickname'],
		);
		assert.equal(unknown.message, 'Received unknown parameter: nickname');
		assert.equal(fake.customers.length, before);

		const customer = await stripe.customers.create({ email: 'y@example.test' });
		const nested = await rejection(
			stripe.customers.update(customer.id, { address: { street: 'Main 1' } } as Stripe.CustomerUpdateParams),
		);
		assert.deepEqual([nested.code, nested.param], ['parameter_unknown', 'address[street]']);
		assert.equal(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).address, null);

		const notInteger = await rejection(stripe.customers.update(customer.id, { balance: '12.50' as unknown as number }));
		assert.deepEqual([notInteger.code, notInteger.param], ['parameter_invalid_integer', 'balance']);
	});

	test('list pages newest first with starting_after, and filters by exact email and by created[gte]', async () => {
		const mark = Math.max(...fake.customers.map((customer) => customer.created)) + 1;
		const seeded = fake.seedCustomers(5);
		const ids: string[] = [];
		for await (const customer of stripe.customers.list({ limit: 2, created: { gte: mark } })) ids.push(customer.id);
		assert.deepEqual(
			ids,
			seeded.map((customer) => customer.id).reverse(),
			'auto-pagination over created[gte] sees only the new ones',
		);

		const page = await stripe.customers.list({ limit: 2, created: { gte: mark } });
		assert.equal(page.has_more, true);
		const between = await stripe.customers.list({ created: { gt: seeded[0].created, lte: seeded[2].created } });
		assert.deepEqual(
			between.data.map((customer) => customer.id),
			[seeded[2].id, seeded[1].id],
		);

		assert.deepEqual(
			(await stripe.customers.list({ email: 'user3@example.test', limit: 1 })).data.map((customer) => customer.id),
			[seeded[2].id],
		);
		assert.equal(
			(await stripe.customers.list({ email: 'USER3@example.test' })).data.length,
			0,
			'the email filter is case-sensitive',
		);

		const unknown = await rejection(stripe.customers.list({ updated: { gte: mark } } as Stripe.CustomerListParams));
		assert.deepEqual([unknown.statusCode, unknown.code, unknown.param], [400, 'parameter_unknown', 'updated']);
		const badLimit = await rejection(stripe.customers.list({ limit: 101 }));
		assert.deepEqual([badLimit.statusCode, badLimit.param], [400, 'limit']);
	});

	test('a deleted customer reads as 200 {id, object, deleted: true}, leaves the lists, and cannot be updated or deleted again', async () => {
		const customer = await stripe.customers.create({ email: 'gone@example.test' });
		const deleted = await stripe.customers.del(customer.id);
		assert.deepEqual({ ...deleted }, { id: customer.id, object: 'customer', deleted: true });
		const read = await stripe.customers.retrieve(customer.id);
		assert.deepEqual({ ...read }, { id: customer.id, object: 'customer', deleted: true });
		assert.equal((await stripe.customers.list({ email: 'gone@example.test' })).data.length, 0);

		const update = await rejection(stripe.customers.update(customer.id, { name: 'Back' }));
		assert.deepEqual([update.statusCode, update.code], [404, 'resource_missing']);
		const again = await rejection(stripe.customers.del(customer.id));
		assert.equal(again.statusCode, 404);
	});

	test('an Idempotency-Key replays the first answer; the same key with other parameters is refused', async () => {
		const first = await stripe.customers.create({ email: 'once@example.test' }, { idempotencyKey: 'conformance-once' });
		const replay = await stripe.customers.create(
			{ email: 'once@example.test' },
			{ idempotencyKey: 'conformance-once' },
		);
		assert.equal(replay.id, first.id);
		assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
		const misuse = await rejection(
			stripe.customers.create({ email: 'other@example.test' }, { idempotencyKey: 'conformance-once' }),
		);
		assert.equal(misuse.type, 'StripeIdempotencyError');
	});

	test('documented errors: a wrong key is a 401 authentication error, a missing customer a 404, throttling a 429', async () => {
		const wrongKey = new Stripe('sk_test_wrong', {
			host: new URL(fake.url).hostname,
			port: Number(new URL(fake.url).port),
			protocol: 'http',
			maxNetworkRetries: 0,
		});
		const unauthorised = await rejection(wrongKey.customers.list());
		assert.deepEqual([unauthorised.statusCode, unauthorised.type], [401, 'StripeAuthenticationError']);

		const missing = await rejection(stripe.customers.retrieve('cus_missing'));
		assert.deepEqual(
			[missing.statusCode, missing.code, missing.message],
			[404, 'resource_missing', "No such customer: 'cus_missing'"],
		);

		fake.inject({ status: 429, retryAfter: 1, pathIncludes: '/v1/customers' });
		const throttled = await rejection(stripe.customers.list());
		assert.deepEqual([throttled.statusCode, throttled.type], [429, 'StripeRateLimitError']);
	});

	test('webhook endpoints: the secret only in the registration answer, and deliveries the SDK verifies with it', async () => {
		const sink = await SinkServer.start();
		try {
			const endpoint = await stripe.webhookEndpoints.create({
				url: `${sink.url}/stripe`,
				enabled_events: ['customer.created', 'customer.deleted'],
			});
			assert.match(endpoint.secret ?? '', /^whsec_/);
			assert.equal((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret, undefined);
			assert.deepEqual(
				(await stripe.webhookEndpoints.list()).data.map((listed) => [listed.id, listed.secret]),
				[[endpoint.id, undefined]],
			);

			const customer = await stripe.customers.create({ email: 'hooked@example.test' });
			const [delivery] = await sink.waitFor(1);
			const event = stripe.webhooks.constructEvent(
				delivery.rawBody,
				String(delivery.headers['stripe-signature']),
				endpoint.secret ?? '',
			);
			assert.deepEqual([event.type, (event.data.object as Stripe.Customer).id], ['customer.created', customer.id]);

			assert.deepEqual(
				{ ...(await stripe.webhookEndpoints.del(endpoint.id)) },
				{ id: endpoint.id, object: 'webhook_endpoint', deleted: true },
			);
		} finally {
			await sink.stop();
		}
	});
});
