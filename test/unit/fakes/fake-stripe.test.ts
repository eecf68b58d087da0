import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import type { RequestHeaders } from '../../../runtime/webhooks/request-headers';
import { verifyStripeSignature } from '../../../runtime/webhooks/stripe-signature';
import { FakeStripe, type StripeCustomer, type StripeEvent } from '../../fakes/systems/fake-stripe';
import { SinkServer } from '../../support/sink-server';

describe('the fake Stripe raises customer events on its own', () => {
	let stripe: FakeStripe;
	let endpoint: SinkServer;
	let secret: string;

	const call = async (method: string, path: string, form?: string, headers: Record<string, string> = {}) => {
		const response = await fetch(`${stripe.url}${path}`, {
			method,
			headers: {
				authorization: `Bearer ${stripe.secretKey}`,
				'content-type': 'application/x-www-form-urlencoded',
				...headers,
			},
			body: form,
		});
		return (await response.json()) as Record<string, unknown>;
	};
	/** The events the endpoint received, checked against the endpoint's signing secret. */
	const received = async (count: number): Promise<StripeEvent[]> =>
		(await endpoint.waitFor(count)).map((request) => {
			const verdict = verifyStripeSignature(
				{ headers: request.headers as RequestHeaders, rawBody: request.rawBody },
				{ secrets: [secret] },
			);
			assert.equal(verdict.ok, true, JSON.stringify(verdict));
			return request.body as StripeEvent;
		});

	before(async () => {
		stripe = await new FakeStripe().start();
		endpoint = await SinkServer.start();
		const registered = await call(
			'POST',
			'/v1/webhook_endpoints',
			`url=${encodeURIComponent(`${endpoint.url}/stripe`)}&enabled_events[0]=customer.created&enabled_events[1]=customer.updated&enabled_events[2]=customer.deleted`,
		);
		secret = String(registered.secret);
	});

	after(async () => {
		await stripe.stop();
		await endpoint.stop();
	});

	test('API writes raise customer.created, customer.updated (what changed) and customer.deleted, signed, once each', async () => {
		const created = (await call('POST', '/v1/customers', 'email=ada%40example.test&name=Ada', {
			'idempotency-key': 'create-ada',
		})) as unknown as StripeCustomer;
		const [first] = await received(1);
		assert.deepEqual([first.type, first.data.object], ['customer.created', created]);

		// The same request again is answered from the idempotency store: nothing happened, no event.
		await call('POST', '/v1/customers', 'email=ada%40example.test&name=Ada', { 'idempotency-key': 'create-ada' });
		await call('POST', `/v1/customers/${created.id}`, 'name=Ada');
		const renamed = await call('POST', `/v1/customers/${created.id}`, 'name=Ada+Lovelace&metadata[app_user_id]=app-1');
		const [, second] = await received(2);
		assert.equal(second.type, 'customer.updated');
		assert.deepEqual(second.data.object, renamed);
		assert.deepEqual(second.data.previous_attributes, { name: 'Ada', metadata: {} });

		assert.deepEqual(await call('DELETE', `/v1/customers/${created.id}`), {
			id: created.id,
			object: 'customer',
			deleted: true,
		});
		const [, , third] = await received(3);
		assert.deepEqual([third.type, third.data.object], ['customer.deleted', renamed], 'the customer as it was');
		assert.deepEqual(
			stripe.events.map((event) => event.type),
			['customer.created', 'customer.updated', 'customer.deleted'],
			'an idempotent replay and an update that changes nothing raise no event',
		);
		// The fake logs a delivery once the endpoint's answer is read, just after the endpoint saw it.
		for (const deadline = Date.now() + 5_000; stripe.deliveries.length < 3 && Date.now() < deadline;)
			await new Promise((resolve) => setTimeout(resolve, 10));
		assert.deepEqual(
			stripe.deliveries.map((delivery) => [delivery.eventId, delivery.status]),
			stripe.events.map((event) => [event.id, 200]),
		);
	});

	test("a person's changes in the dashboard are delivered before the call returns", async () => {
		const before = endpoint.received.length;
		const customer = await stripe.dashboardCreatesCustomer({ email: 'grace@example.test', name: 'Grace' });
		assert.equal(endpoint.received.length, before + 1);
		await stripe.dashboardEditsCustomer(customer.id, { name: 'Grace Hopper' });
		assert.equal(endpoint.received.length, before + 2);
		await stripe.dashboardEditsCustomer(customer.id, { name: 'Grace Hopper' });
		assert.equal(endpoint.received.length, before + 2, 'no change, no event');
		await stripe.dashboardDeletesCustomer(customer.id);
		const events = (await received(before + 3)).slice(before);
		assert.deepEqual(
			events.map((event) => [event.type, (event.data.object as StripeCustomer).name]),
			[
				['customer.created', 'Grace'],
				['customer.updated', 'Grace Hopper'],
				['customer.deleted', 'Grace Hopper'],
			],
		);
		assert.equal(
			stripe.customers.some((candidate) => candidate.id === customer.id),
			false,
		);
	});
});
