import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import Stripe from 'stripe';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { ownerEnvironment } from '../../scripts/n8n/owner';
import { FakeStripe, type StripeEvent, type StripeEventDelivery } from '../fakes/systems/fake-stripe';
import { SinkServer } from '../support/sink-server';
import { eventually } from '../support/eventually';

// Publish -> the trigger registers its endpoint at (fake) Stripe; Stripe's signed events run the
// workflow, forgeries do not; unpublishing removes the endpoint, publishing again registers a new
// one; a restart keeps it.

const owner = { email: 'stripe-trigger@syncbridge.local', password: 'Stripe-Trigger-2026' };
const workflowId = 'sbE2eStripeTrig1';
const workflowName = 'E2E Stripe customers to sink';
const webhookId = '0b6f3c1e-7a2d-4e59-8c41-5d2a9e7f3b10';
const events = ['customer.created', 'customer.updated'];

function stripeWorkflow(sinkUrl: string) {
	return {
		id: workflowId,
		name: workflowName,
		nodes: [
			{
				id: '9c7e2a14-3b5d-4f68-a1c2-000000000001',
				name: 'Stripe Customers',
				type: `${packageName}.syncBridgeStripeTrigger`,
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { events, options: {} },
				credentials: { syncBridgeStripeApi: { id: 'sbE2eStripeApi', name: 'E2E fake Stripe' } },
			},
			{
				id: '9c7e2a14-3b5d-4f68-a1c2-000000000002',
				name: 'Forward To Sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: `${sinkUrl}/received`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			},
		],
		connections: { 'Stripe Customers': { main: [[{ node: 'Forward To Sink', type: 'main', index: 0 }]] } },
		settings: {},
	};
}

interface PublicationStatus {
	status: string;
	pendingVersionId: string | null;
}

describe('SyncBridge Stripe Trigger in real n8n against the fake Stripe', () => {
	let n8n: N8nInstance;
	let stripe: FakeStripe;
	let sink: SinkServer;
	let session: Record<string, string>;

	const productionUrl = () => `${n8n.baseUrl}/webhook/${webhookId}/webhook`;
	const registrations = () => stripe.requestsTo('/v1/webhook_endpoints', 'POST').length;

	/** The owner's session cookie, as the editor holds it after signing in. */
	async function signIn(): Promise<Record<string, string>> {
		const headers = { 'content-type': 'application/json', 'browser-id': 'stripe-trigger-test' };
		const login = await fetch(`${n8n.baseUrl}/rest/login`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		assert.equal(login.status, 200, await login.clone().text());
		const cookie = login.headers
			.getSetCookie()
			.map((entry) => entry.split(';')[0])
			.join('; ');
		return { ...headers, cookie };
	}

	async function rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${n8n.baseUrl}/rest${path}`, {
			method,
			headers: session,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		assert.equal(response.status, 200, `${method} ${path}: ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	/** n8n 2.x publishes through an outbox: the workflow's triggers are in place once no publication is in flight. */
	const settled = (status: string) =>
		eventually(
			async () => {
				const current = await rest<PublicationStatus>('GET', `/workflows/${workflowId}/publication-status`);
				return current.status === status && current.pendingVersionId === null ? current : undefined;
			},
			`publication status ${status}`,
			60_000,
			250,
		);

	/** Delivers an event to the one subscribed endpoint. */
	async function deliverOnce(event: StripeEvent): Promise<StripeEventDelivery> {
		const deliveries = await stripe.deliver(event);
		assert.equal(deliveries.length, 1, 'one endpoint is subscribed');
		return deliveries[0];
	}

	before(async () => {
		stripe = await new FakeStripe().start();
		sink = await SinkServer.start();
		n8n = await N8nInstance.create({ env: { ...ownerEnvironment(owner), N8N_LOG_LEVEL: 'info' } });
		await n8n.importCredentials([
			{
				id: 'sbE2eStripeApi',
				name: 'E2E fake Stripe',
				type: 'syncBridgeStripeApi',
				data: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			},
		]);
		await n8n.publish(await n8n.importWorkflow(stripeWorkflow(sink.url)));
		await n8n.start();
		session = await signIn();
		await settled('published');
	});

	after(async () => {
		await n8n?.dispose();
		await stripe?.stop();
		await sink?.stop();
	});

	test("publishing registers exactly one endpoint at Stripe: n8n's production URL, the chosen events", () => {
		assert.equal(stripe.webhookEndpoints.length, 1, JSON.stringify(stripe.webhookEndpoints));
		const [endpoint] = stripe.webhookEndpoints;
		assert.equal(endpoint.url, productionUrl());
		assert.deepEqual(endpoint.enabled_events, events);
		assert.deepEqual(endpoint.metadata, { n8n_workflow_id: workflowId, n8n_node: 'Stripe Customers' });
		assert.equal(registrations(), 1);
		assert.ok(
			stripe
				.requestsTo('/v1/webhook_endpoints')
				.every((request) => request.headers.authorization === `Bearer ${stripe.secretKey}`),
			'n8n signs the calls with the credential',
		);
	});

	test("a signed customer.created from Stripe runs the workflow once; Stripe's retry of it does not", async () => {
		const customer = { id: 'cus_e2e1', object: 'customer', email: 'ada@example.test', name: 'Ada Lovelace' };
		const event = stripe.createEvent('customer.created', customer);
		const delivery = await deliverOnce(event);
		assert.equal(delivery.status, 200, delivery.body);
		assert.deepEqual(JSON.parse(delivery.body), { received: true, duplicate: false, eventId: event.id });

		const [received] = await sink.waitFor(1);
		const item = received.body as {
			eventId: string;
			scheme: string;
			body: { type: string; data: { object: unknown } };
		};
		assert.deepEqual(
			[item.eventId, item.scheme, item.body.type, item.body.data.object],
			[event.id, 'stripe', 'customer.created', customer],
		);

		const retry = await deliverOnce(event);
		assert.deepEqual([retry.status, JSON.parse(retry.body).duplicate], [200, true]);
	});

	test('unsigned, forged and stale requests are refused', async () => {
		const payload = JSON.stringify(stripe.createEvent('customer.created', { id: 'cus_forged', object: 'customer' }));
		const post = async (headers: Record<string, string>) => {
			const response = await fetch(productionUrl(), {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: payload,
			});
			return [response.status, ((await response.json()) as { error: { code: string } }).error.code];
		};
		const secret = stripe.webhookEndpoints[0].secret;
		assert.deepEqual(await post({}), [401, 'missing_header']);
		assert.deepEqual(
			await post({
				'stripe-signature': Stripe.webhooks.generateTestHeaderString({
					payload,
					secret: 'whsec_not_the_endpoint_secret',
				}),
			}),
			[401, 'signature_mismatch'],
		);
		const stale = Math.floor(Date.now() / 1000) - 600;
		assert.deepEqual(
			await post({
				'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: stale }),
			}),
			[401, 'timestamp_out_of_tolerance'],
		);
	});

	test('unpublishing removes the endpoint at Stripe; publishing again registers one new endpoint with a new secret', async () => {
		const first = stripe.webhookEndpoints[0];
		await rest('POST', `/workflows/${workflowId}/deactivate`, {});
		await eventually(
			() => (stripe.webhookEndpoints.length === 0 ? true : undefined),
			'the endpoint to be removed at Stripe',
			60_000,
			250,
		);
		assert.equal(stripe.requestsTo(`/v1/webhook_endpoints/${first.id}`, 'DELETE').length, 1);
		await settled('not_published');

		const { versionId } = await rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		await rest('POST', `/workflows/${workflowId}/activate`, { versionId });
		await settled('published');
		assert.equal(stripe.webhookEndpoints.length, 1);
		const second = stripe.webhookEndpoints[0];
		assert.notEqual(second.id, first.id);
		assert.notEqual(second.secret, first.secret);
		assert.equal(second.url, productionUrl());

		const event = stripe.createEvent('customer.updated', {
			id: 'cus_e2e1',
			object: 'customer',
			email: 'ada@example.test',
			name: 'Ada King',
		});
		const delivery = await deliverOnce(event);
		assert.equal(delivery.status, 200, delivery.body);
		assert.equal(((await sink.waitFor(2))[1].body as { eventId: string }).eventId, event.id);
	});

	test('a restart checks the endpoint at Stripe and keeps it: no second endpoint, the stored secret still verifies', async () => {
		const endpoint = stripe.webhookEndpoints[0];
		const registered = registrations();
		const retrievals = () => stripe.requestsTo(`/v1/webhook_endpoints/${endpoint.id}`, 'GET').length;
		const retrievedBefore = retrievals();
		await n8n.stop();
		// n8n's publication service keeps webhook registrations across restarts and calls no lifecycle
		// method; without it, startup activation runs checkExists for every published webhook trigger.
		await n8n.start({ env: { N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' } });
		await eventually(
			() => (n8n.log.includes(`Activated workflow "${workflowName}" (ID: ${workflowId})`) ? true : undefined),
			'the workflow to be activated at startup',
			60_000,
			250,
		).catch((error: Error) => {
			throw new Error(`${error.message}; n8n's log ends:\n${n8n.log.slice(-3000)}`);
		});
		assert.equal(retrievals(), retrievedBefore + 1, 'checkExists asked Stripe for the stored endpoint');
		assert.equal(registrations(), registered, 'nothing registered again');
		assert.deepEqual(
			stripe.webhookEndpoints.map((remote) => remote.id),
			[endpoint.id],
		);

		const event = stripe.createEvent('customer.created', {
			id: 'cus_e2e2',
			object: 'customer',
			email: 'grace@example.test',
		});
		const delivery = await deliverOnce(event);
		assert.equal(delivery.status, 200, delivery.body);
		await sink.waitFor(3);

		await n8n.stop(); // graceful: running executions finish, nothing can arrive later
		assert.equal(sink.received.length, 3, 'only the three genuine, first-time deliveries ran the workflow');
	});
});
