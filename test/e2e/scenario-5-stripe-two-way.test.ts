import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { FakeApp, type AppRecord } from '../fakes/app/fake-app';
import type { FakeSystem } from '../fakes/systems/fake-server';
import { FakeStripe, type StripeCustomer } from '../fakes/systems/fake-stripe';
import { loadScenarioWorkflow } from '../support/scenario-workflow';
import { eventually } from '../support/eventually';

const signingSecret = 'whsec_U2NlbmFyaW8tNS1hcHAtdXNlcnMtc2lnbmluZw==';
const appPath = 'syncbridge-app-users';
// The Stripe trigger's production webhook: its webhookId and webhook path in the workflow file.
const stripeTriggerPath = '5f0e3b6a-8d2c-4f7e-b1a4-5000000000b1/webhook';

/** Writes a fake received, as `METHOD /path` with ids replaced by `{id}`, counted. */
function writes(system: FakeSystem, prefix: string): Record<string, number> {
	const tally: Record<string, number> = {};
	for (const request of system.requests) {
		const path = new URL(request.url, 'http://fake').pathname;
		if (request.method === 'GET' || !path.startsWith(prefix)) continue;
		const key = `${request.method} ${path.replace(/^(\/[^/]+\/[^/]+)\/[^/]+$/, '$1/{id}')}`;
		tally[key] = (tally[key] ?? 0) + 1;
	}
	return tally;
}

/**
 * Both triggers answer after the sync ran (Respond: After Sync). A person's change in the app or in
 * the Stripe dashboard is delivered before the fake's call returns, so the flow it started has
 * finished then. Writes SyncBridge makes are announced by the system after it answered them, and
 * the flow that receives that announcement writes (if at all) before answering it; so once every
 * event either system raised has been answered, nothing is in flight any more.
 */
describe('scenario 5: Stripe customers <-> app users, two-way, no echo loop', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let stripe: FakeStripe;
	/** Changes people made in the app: each one app event, like each write through the app's API. */
	let peopleInApp = 0;

	const stripeWrites = () => writes(stripe, '/v1/customers');
	const appWrites = () => writes(app, '/api/users');
	const appEventsRaised = () => peopleInApp + Object.values(appWrites()).reduce((sum, count) => sum + count, 0);
	const customer = (id: string): StripeCustomer | undefined =>
		stripe.customers.find((candidate) => candidate.id === id);
	const user = (id: string): AppRecord | undefined => app.records.get('users')?.get(id);

	/** Waits until every event the app and Stripe raised was answered; all answers were 200. */
	async function quiet(): Promise<void> {
		await eventually(
			() =>
				app.deliveries.length === appEventsRaised() && stripe.deliveries.length === stripe.events.length
					? true
					: undefined,
			'every app and Stripe event to be answered',
		);
		assert.deepEqual(
			[...app.deliveries, ...stripe.deliveries].filter((delivery) => delivery.status !== 200),
			[],
			'every event was accepted and synchronised',
		);
	}

	async function personInApp<T>(change: Promise<T>): Promise<T> {
		const result = await change;
		peopleInApp += 1;
		return result;
	}

	before(async () => {
		app = await new FakeApp({ resources: ['users'], signingSecret }).start();
		stripe = await new FakeStripe().start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbAppWebhookSecret',
				name: 'App webhook signing secret',
				type: 'syncBridgeWebhookSecretApi',
				data: { scheme: 'standardWebhooks', secrets: signingSecret },
			},
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: app.url, headerName: 'X-App-Key', apiKey: app.apiKey },
			},
			{
				id: 'sbStripeApi',
				name: 'Stripe account',
				type: 'syncBridgeStripeApi',
				data: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			},
		]);
		const hosts = { 'http://app.syncbridge.invalid': app.url };
		for (const file of [
			'scenario-5-app-users-to-stripe-customers.json',
			'scenario-5-stripe-customers-to-app-users.json',
		]) {
			await n8n.publish(await n8n.importWorkflow(await loadScenarioWorkflow(file, hosts)));
		}
		await n8n.start();
		await waitForWebhookRegistration(n8n.baseUrl, appPath);
		await waitForWebhookRegistration(n8n.baseUrl, stripeTriggerPath);
		await eventually(
			() => (stripe.webhookEndpoints.length === 1 ? true : undefined),
			'the Stripe trigger to register its endpoint',
		);
		app.subscribe('users', `${n8n.baseUrl}/webhook/${appPath}`);
	});

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await stripe?.stop();
	});

	test('publishing registered one Stripe endpoint for the customer events, at n8n', () => {
		const [endpoint] = stripe.webhookEndpoints;
		assert.equal(endpoint.url, `${n8n.baseUrl}/webhook/${stripeTriggerPath}`);
		assert.deepEqual([...endpoint.enabled_events].sort(), ['customer.created', 'customer.deleted', 'customer.updated']);
	});

	let ada: AppRecord;
	let adaCustomerId: string;

	test("a user created in the app becomes exactly one Stripe customer; Stripe's customer.created about it is dropped", async () => {
		ada = await personInApp(
			app.create('users', { email: 'ada@example.test', displayName: 'Ada Lovelace', internalNote: 'founding member' }),
		);
		await quiet();
		assert.equal(stripe.customers.length, 1);
		const [created] = stripe.customers;
		adaCustomerId = created.id;
		assert.deepEqual(
			{ email: created.email, name: created.name, metadata: created.metadata },
			{ email: 'ada@example.test', name: 'Ada Lovelace', metadata: { app_user_id: ada.id } },
		);
		assert.deepEqual(
			stripe.events.map((event) => event.type),
			['customer.created'],
		);
		assert.deepEqual(stripeWrites(), { 'POST /v1/customers': 1 });
		assert.deepEqual(appWrites(), {}, 'the echo did not come back into the app');
	});

	test("an edit in the app updates the customer once; Stripe's customer.updated about our write is dropped", async () => {
		await personInApp(app.update('users', ada.id, { displayName: 'Ada King' }));
		await quiet();
		assert.equal(customer(adaCustomerId)?.name, 'Ada King');
		assert.deepEqual(stripeWrites(), { 'POST /v1/customers': 1, 'POST /v1/customers/{id}': 1 });
		assert.deepEqual(appWrites(), {}, 'no PATCH to the app');

		// A field the customer does not carry: nothing is sent to Stripe.
		const requests = stripe.requests.length;
		await personInApp(app.update('users', ada.id, { internalNote: 'board member' }));
		await quiet();
		assert.equal(stripe.requests.length, requests);
	});

	test("an edit in the Stripe dashboard patches the app user once; the app's event about that write is dropped", async () => {
		await stripe.dashboardEditsCustomer(adaCustomerId, {
			name: 'Ada, Countess of Lovelace',
			phone: '+44 20 7946 0018',
		});
		await quiet();
		assert.deepEqual(
			{
				displayName: user(ada.id)?.displayName,
				phone: user(ada.id)?.phone,
				email: user(ada.id)?.email,
				internalNote: user(ada.id)?.internalNote,
			},
			{
				displayName: 'Ada, Countess of Lovelace',
				phone: '+44 20 7946 0018',
				email: 'ada@example.test',
				internalNote: 'board member',
			},
		);
		assert.deepEqual(appWrites(), { 'PATCH /api/users/{id}': 1 });
		assert.deepEqual(
			stripeWrites(),
			{ 'POST /v1/customers': 1, 'POST /v1/customers/{id}': 1 },
			'no second Stripe update',
		);
	});

	let grace: AppRecord;
	let graceCustomerId: string;

	test("a customer created in Stripe becomes one app user with a contract; the app's event about it is dropped", async () => {
		const created = await stripe.dashboardCreatesCustomer({ email: 'grace@example.test', name: 'Grace Hopper' });
		graceCustomerId = created.id;
		await quiet();
		const users = app.list('users');
		assert.equal(users.length, 2);
		grace = users.find((candidate) => candidate.id !== ada.id) as AppRecord;
		assert.deepEqual(
			{ email: grace.email, displayName: grace.displayName, phone: grace.phone },
			{ email: 'grace@example.test', displayName: 'Grace Hopper', phone: null },
		);
		assert.deepEqual(appWrites(), { 'PATCH /api/users/{id}': 1, 'POST /api/users': 1 });
		assert.deepEqual(
			stripeWrites(),
			{ 'POST /v1/customers': 1, 'POST /v1/customers/{id}': 1 },
			'no Stripe customer created for it',
		);

		// The contract links the two: an edit in the app updates that customer, not a new one.
		await personInApp(app.update('users', grace.id, { displayName: 'Grace Brewster Hopper' }));
		await quiet();
		assert.equal(stripe.customers.length, 2);
		assert.deepEqual(
			{ name: customer(graceCustomerId)?.name, metadata: customer(graceCustomerId)?.metadata },
			{ name: 'Grace Brewster Hopper', metadata: { app_user_id: grace.id } },
		);
		assert.deepEqual(stripeWrites(), { 'POST /v1/customers': 1, 'POST /v1/customers/{id}': 2 });
		assert.deepEqual(appWrites(), { 'PATCH /api/users/{id}': 1, 'POST /api/users': 1 });
	});

	test("a user deleted in the app deletes its customer once; Stripe's customer.deleted about it deletes nothing", async () => {
		await personInApp(app.remove('users', ada.id));
		await quiet();
		assert.equal(customer(adaCustomerId), undefined);
		assert.deepEqual(stripeWrites(), {
			'DELETE /v1/customers/{id}': 1,
			'POST /v1/customers': 1,
			'POST /v1/customers/{id}': 2,
		});
		assert.deepEqual(appWrites(), { 'PATCH /api/users/{id}': 1, 'POST /api/users': 1 });
	});

	test("a customer deleted in the Stripe dashboard deletes its app user once; the app's event about it deletes nothing", async () => {
		await stripe.dashboardDeletesCustomer(graceCustomerId);
		await quiet();
		assert.deepEqual(app.list('users'), []);
		assert.deepEqual(stripe.customers, []);
		assert.deepEqual(appWrites(), { 'DELETE /api/users/{id}': 1, 'PATCH /api/users/{id}': 1, 'POST /api/users': 1 });
		assert.deepEqual(stripeWrites(), {
			'DELETE /v1/customers/{id}': 1,
			'POST /v1/customers': 1,
			'POST /v1/customers/{id}': 2,
		});
	});

	test('over the whole test: every event answered once, and each change crossed over exactly once', async () => {
		await quiet();
		assert.deepEqual(
			stripe.events.map((event) => event.type),
			[
				'customer.created',
				'customer.updated',
				'customer.updated',
				'customer.created',
				'customer.updated',
				'customer.deleted',
				'customer.deleted',
			],
		);
		assert.deepEqual(
			stripe.deliveries.map((delivery) => delivery.eventId).sort(),
			stripe.events.map((event) => event.id).sort(),
			'each Stripe event delivered once: none failed and was retried',
		);
		assert.deepEqual(
			app.deliveries.map((delivery) => delivery.event.type),
			[
				'users.created',
				'users.updated',
				'users.updated',
				'users.updated',
				'users.created',
				'users.updated',
				'users.deleted',
				'users.deleted',
			],
		);
		// Seven changes had to cross over (the note edit did not): seven writes, and none came back.
		assert.deepEqual(stripeWrites(), {
			'DELETE /v1/customers/{id}': 1,
			'POST /v1/customers': 1,
			'POST /v1/customers/{id}': 2,
		});
		assert.deepEqual(appWrites(), { 'DELETE /api/users/{id}': 1, 'PATCH /api/users/{id}': 1, 'POST /api/users': 1 });
	});
});
