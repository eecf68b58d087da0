import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SyncBridgeStripeTrigger } from '../../../nodes/SyncBridgeStripeTrigger/SyncBridgeStripeTrigger.node';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { SinkServer, type ReceivedRequest } from '../../support/sink-server';
import { pollContext, type SentRequest } from '../connector-nodes/fake-n8n-context';

const node = new SyncBridgeStripeTrigger();
const lifecycle = node.webhookMethods.default;

describe('SyncBridge Stripe Trigger', () => {
	const stripe = new FakeStripe();
	let sink: SinkServer;
	let staticData: IDataObject;
	let sent: SentRequest[];

	before(async () => {
		await stripe.start();
		sink = await SinkServer.start();
	});
	after(async () => {
		await stripe.stop();
		await sink.stop();
	});
	beforeEach(() => {
		stripe.webhookEndpoints.splice(0);
		staticData = {};
		// Each test gets its own n8n folder, so its own embedded replay database.
		process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'sb-stripe-trigger-'));
	});

	/** n8n's hook context for one lifecycle call: the same static data object across calls, as n8n keeps it. */
	function hookContext(parameters: { events?: string[]; url?: string; secretKey?: string } = {}): IHookFunctions {
		const poll = pollContext(
			{},
			{ syncBridgeStripeApi: { secretKey: parameters.secretKey ?? stripe.secretKey, baseUrl: stripe.url } },
			staticData,
		);
		sent = poll.sent;
		return {
			...poll.context,
			getNodeParameter: (name: string, fallback?: unknown) =>
				name === 'events' ? (parameters.events ?? ['customer.created', 'customer.updated']) : fallback,
			getNodeWebhookUrl: () => parameters.url ?? `${sink.url}/webhook/4f1d/webhook`,
			getWorkflow: () => ({ id: 'wfStripe1', name: 'Stripe customers', active: true }),
			getNode: () => ({ name: 'Stripe Trigger' }),
		} as unknown as IHookFunctions;
	}

	/** Hands a request the fake Stripe delivered (to the sink) to the node's webhook method. */
	async function receive(
		delivered: ReceivedRequest,
	): Promise<{ result: IWebhookResponseData; status?: number; body?: unknown }> {
		const answer: { status?: number; body?: unknown } = {};
		const response = {
			status(code: number) {
				answer.status = code;
				return response;
			},
			json(body: unknown) {
				answer.body = body;
				return response;
			},
		};
		const context = {
			getRequestObject: () => ({ headers: delivered.headers, rawBody: Buffer.from(delivered.rawBody) }),
			getResponseObject: () => response,
			getNodeParameter: (_name: string, fallback: unknown) => fallback,
			getWorkflowStaticData: () => staticData,
			getNode: () => ({ name: 'Stripe Trigger' }),
			getWorkflow: () => ({ id: 'wfStripe1', active: true }),
			getMode: () => 'webhook',
			logger: { warn: () => undefined, debug: () => undefined },
		} as unknown as IWebhookFunctions;
		return { result: await node.webhook.call(context), ...answer };
	}

	test("description: a trigger with the Stripe credential and the descriptor's events, all chosen by default", () => {
		const { description } = node;
		assert.equal(description.name, 'syncBridgeStripeTrigger');
		assert.deepEqual(description.inputs, []);
		assert.equal(description.credentials?.[0].name, 'syncBridgeStripeApi');
		const events = description.properties.find((property) => property.name === 'events');
		assert.deepEqual(events?.default, ['customer.created', 'customer.deleted', 'customer.updated']);
		assert.deepEqual(
			events?.options?.map((option) => ('value' in option ? option.value : undefined)),
			['customer.created', 'customer.deleted', 'customer.updated'],
		);
		assert.deepEqual(
			events?.options?.map((option) => option.name),
			['Customer Created', 'Customer Deleted', 'Customer Updated'],
		);
	});

	test('description: a POST webhook at <webhook id>/webhook whose answer mode n8n resolves without its expression engine', () => {
		const [webhook] = node.description.webhooks ?? [];
		assert.deepEqual([webhook.httpMethod, webhook.path, webhook.isFullPath], ['POST', 'webhook', undefined]);
		assert.equal(webhookDescriptionIsNativelyResolvable(webhook), true);
		const resolve = (respond: string, field: string) =>
			resolveWebhookDescriptionField(
				{ name: 'Stripe Trigger', parameters: { respond } } as unknown as INode,
				webhook,
				field,
			);
		assert.deepEqual(resolve('afterSync', 'responseMode'), { resolved: true, value: 'lastNode' });
		assert.deepEqual(resolve('onReceived', 'responseData'), { resolved: true, value: '' });
	});

	test('create registers one endpoint through the credential, keeps id and secret; checkExists then holds; delete removes it', async () => {
		assert.equal(await lifecycle.checkExists.call(hookContext()), false);
		assert.equal(sent.length, 0, 'nothing stored: no call to Stripe needed');

		assert.equal(await lifecycle.create.call(hookContext()), true);
		assert.equal(stripe.webhookEndpoints.length, 1);
		const [remote] = stripe.webhookEndpoints;
		assert.equal(remote.url, `${sink.url}/webhook/4f1d/webhook`);
		assert.deepEqual(remote.enabled_events, ['customer.created', 'customer.updated']);
		assert.deepEqual(remote.metadata, { n8n_workflow_id: 'wfStripe1', n8n_node: 'Stripe Trigger' });
		assert.ok(sent.every((request) => request.credentialType === 'syncBridgeStripeApi'));
		assert.deepEqual(staticData.stripeEndpoint, {
			id: remote.id,
			secret: remote.secret,
			url: remote.url,
			events: ['customer.created', 'customer.updated'],
		});

		assert.equal(await lifecycle.checkExists.call(hookContext()), true);
		assert.equal(
			await lifecycle.checkExists.call(hookContext({ events: ['customer.created'] })),
			false,
			'other events: register again',
		);
		assert.equal(
			await lifecycle.checkExists.call(hookContext({ url: `${sink.url}/webhook/other/webhook` })),
			false,
			'another URL: register again',
		);

		assert.equal(await lifecycle.delete.call(hookContext()), true);
		assert.equal(stripe.webhookEndpoints.length, 0);
		assert.equal('stripeEndpoint' in staticData, false);
		assert.equal(await lifecycle.delete.call(hookContext()), true, 'nothing stored: nothing to remove');
	});

	test("an endpoint deleted in Stripe's dashboard is registered again; delete of a vanished endpoint still succeeds", async () => {
		await lifecycle.create.call(hookContext());
		const first = stripe.webhookEndpoints[0].id;
		stripe.webhookEndpoints.splice(0);
		assert.equal(await lifecycle.checkExists.call(hookContext()), false);
		await lifecycle.create.call(hookContext());
		assert.equal(stripe.webhookEndpoints.length, 1);
		assert.notEqual(stripe.webhookEndpoints[0].id, first);

		stripe.webhookEndpoints.splice(0);
		assert.equal(await lifecycle.delete.call(hookContext()), true, 'a 404 counts as removed');
		assert.equal('stripeEndpoint' in staticData, false);
	});

	test('changed events replace the endpoint instead of adding a second one', async () => {
		await lifecycle.create.call(hookContext());
		const context = hookContext({ events: ['customer.deleted'] });
		assert.equal(await lifecycle.checkExists.call(context), false);
		await lifecycle.create.call(context);
		assert.deepEqual(
			stripe.webhookEndpoints.map((endpoint) => endpoint.enabled_events),
			[['customer.deleted']],
		);
	});

	test("a wrong secret key fails activation with Stripe's message", async () => {
		await assert.rejects(
			lifecycle.create.call(hookContext({ secretKey: 'sk_test_wrongwrongwrong' })),
			/Could not register the Stripe webhook endpoint: Stripe answered HTTP 401: Invalid API Key provided/,
		);
		assert.equal(stripe.webhookEndpoints.length, 0);
		assert.equal('stripeEndpoint' in staticData, false);
	});

	test('deliveries verify with the stored secret only; a replay does not run twice; nothing stored refuses everything', async () => {
		await lifecycle.create.call(hookContext());
		const event = stripe.createEvent('customer.created', {
			id: 'cus_42',
			object: 'customer',
			email: 'ada@example.test',
		});
		const [delivery] = await stripe.deliver(event);
		assert.equal(delivery.status, 200);
		const delivered = sink.received.at(-1) as ReceivedRequest;

		const accepted = await receive(delivered);
		assert.deepEqual(accepted.result.webhookResponse, { received: true, duplicate: false, eventId: event.id });
		const item = accepted.result.workflowData?.[0][0].json as IDataObject;
		assert.deepEqual(
			[item.eventId, item.scheme, (item.body as IDataObject).type],
			[event.id, 'stripe', 'customer.created'],
		);
		assert.equal('stripe-signature' in (item.headers as IDataObject), false);

		const replay = await receive(delivered);
		assert.deepEqual(replay.result.webhookResponse, { received: true, duplicate: true, eventId: event.id });

		const forged = await receive({
			...delivered,
			rawBody: delivered.rawBody.replace('ada@example.test', 'mallory@example.test'),
		});
		assert.deepEqual(
			[forged.status, (forged.body as { error: { code: string } }).error.code],
			[401, 'signature_mismatch'],
		);

		delete staticData.stripeEndpoint;
		const unconfigured = await receive(delivered);
		assert.deepEqual(
			[unconfigured.status, (unconfigured.body as { error: { code: string } }).error.code],
			[401, 'missing_secret'],
		);
	});
});
