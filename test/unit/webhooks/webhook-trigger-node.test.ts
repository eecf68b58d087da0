import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { beforeEach, describe, test } from 'node:test';

import { resolveWebhookDescriptionField, webhookDescriptionIsNativelyResolvable } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
	INode,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import Stripe from 'stripe';

import { SyncBridgeWebhookTrigger } from '../../../nodes/SyncBridgeWebhookTrigger/SyncBridgeWebhookTrigger.node';
import { defaultSqlitePath } from '../../../runtime/contracts/store-location';
import { SqliteReplayDatabase } from '../../../runtime/webhooks/sqlite-replay-store';

const SHARED = 'node-test-shared-secret-0123456789';
const payload = JSON.stringify({ id: 'evt_node_1', type: 'customer.updated' });

interface Sent {
	status?: number;
	body?: unknown;
}

interface FakeCall {
	credential?: IDataObject | Error;
	headers: Record<string, string>;
	rawBody?: Buffer;
	options?: IDataObject;
	/** When set, rawBody is only available after readRawBody(), as for content types n8n does not parse. */
	lazyBody?: boolean;
	mode?: string;
	/** The credential's id in n8n; by default one per distinct credential content. */
	credentialId?: string;
	/** Counts credential reads. */
	reads?: { count: number };
}

async function call(fake: FakeCall): Promise<{ result: IWebhookResponseData; sent: Sent }> {
	const sent: Sent = {};
	const request: { headers: Record<string, string>; rawBody?: Buffer; readRawBody: () => Promise<void> } = {
		headers: fake.headers,
		rawBody: fake.lazyBody ? undefined : fake.rawBody,
		readRawBody: async () => {
			request.rawBody = fake.rawBody;
		},
	};
	const response = {
		status(code: number) {
			sent.status = code;
			return response;
		},
		json(body: unknown) {
			sent.body = body;
			return response;
		},
	};
	const context = {
		getRequestObject: () => request,
		getResponseObject: () => response,
		getNodeParameter: (name: string, fallback: unknown) => (name === 'options' ? (fake.options ?? {}) : fallback),
		getCredentials: async () => {
			if (fake.reads) fake.reads.count += 1;
			if (fake.credential instanceof Error) throw fake.credential;
			return fake.credential;
		},
		getNode: () => ({
			name: 'SyncBridge Webhook Trigger',
			credentials: {
				syncBridgeWebhookSecretApi: {
					id:
						fake.credentialId ??
						`cred-${JSON.stringify(fake.credential instanceof Error ? fake.credential.message : fake.credential)}`,
					name: 'secret',
				},
			},
		}),
		getWorkflow: () => ({ id: 'wf-1', active: true }),
		getMode: () => fake.mode ?? 'webhook',
		logger: { warn: () => undefined, debug: () => undefined },
	} as unknown as IWebhookFunctions;
	const result = await new SyncBridgeWebhookTrigger().webhook.call(context);
	return { result, sent };
}

function githubHeaders(body: string, delivery = 'delivery-1'): Record<string, string> {
	return {
		'content-type': 'application/json',
		'x-hub-signature-256': `sha256=${createHmac('sha256', SHARED).update(body).digest('hex')}`,
		'x-github-delivery': delivery,
		'x-github-event': 'push',
	};
}

describe('SyncBridge Webhook Trigger', () => {
	// Each test gets its own n8n folder, so its own embedded replay database.
	beforeEach(() => {
		process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'sb-trigger-'));
	});

	test('description: a POST webhook with a path parameter and a required, node-tested credential', () => {
		const { description } = new SyncBridgeWebhookTrigger();
		assert.equal(description.name, 'syncBridgeWebhookTrigger');
		assert.deepEqual(description.inputs, []);
		assert.equal(description.webhooks?.[0].httpMethod, 'POST');
		assert.equal(description.webhooks?.[0].path, '={{$parameter["path"]}}');
		assert.equal(description.webhooks?.[0].isFullPath, true);
		assert.deepEqual(description.credentials, [
			{ name: 'syncBridgeWebhookSecretApi', required: true, testedBy: 'syncBridgeWebhookSecretTest' },
			// The shared delivery ledger (queue mode) only when chosen.
			{
				name: 'syncBridgePostgres',
				required: true,
				testedBy: 'syncBridgePostgresConnectionTest',
				displayOptions: { show: { replayStore: ['postgres'] } },
			},
		]);
	});

	test('description: n8n resolves the webhook settings without its expression engine, as for its own Webhook node', () => {
		const [webhook] = new SyncBridgeWebhookTrigger().description.webhooks ?? [];
		assert.equal(webhookDescriptionIsNativelyResolvable(webhook), true);
		const node = (parameters: IDataObject) => ({ name: 'Trigger', parameters }) as unknown as INode;
		const resolve = (parameters: IDataObject, field: string) =>
			resolveWebhookDescriptionField(node(parameters), webhook, field);
		assert.deepEqual(resolve({ path: 'p', respond: 'afterSync' }, 'responseMode'), {
			resolved: true,
			value: 'lastNode',
		});
		assert.deepEqual(resolve({ path: 'p', respond: 'afterSync' }, 'responseData'), { resolved: true, value: 'noData' });
		assert.deepEqual(resolve({ path: 'p', respond: 'onReceived' }, 'responseMode'), {
			resolved: true,
			value: 'onReceived',
		});
		assert.deepEqual(resolve({ path: 'p', respond: 'onReceived' }, 'responseData'), { resolved: true, value: '' });
		assert.deepEqual(resolve({ path: 'stripe-events' }, 'path'), { resolved: true, value: 'stripe-events' });
	});

	test('a valid delivery starts the workflow with one item and answers {received: true}', async () => {
		const { result, sent } = await call({
			credential: { scheme: 'githubHmac', secrets: SHARED },
			headers: githubHeaders(payload),
			rawBody: Buffer.from(payload),
		});
		assert.equal(sent.status, undefined, 'n8n sends the onReceived response itself');
		assert.deepEqual(result.webhookResponse, { received: true, duplicate: false, eventId: 'delivery-1' });
		assert.equal(result.workflowData?.[0].length, 1);
		const item = result.workflowData?.[0][0].json;
		assert.deepEqual(item, {
			eventId: 'delivery-1',
			scheme: 'githubHmac',
			timestamp: null,
			headers: { 'content-type': 'application/json', 'x-github-delivery': 'delivery-1', 'x-github-event': 'push' },
			body: { id: 'evt_node_1', type: 'customer.updated' },
		});
	});

	test('the raw body is read when n8n has not read it yet', async () => {
		const { result } = await call({
			credential: { scheme: 'githubHmac', secrets: SHARED },
			headers: { ...githubHeaders('plain text'), 'content-type': 'application/octet-stream' },
			rawBody: Buffer.from('plain text'),
			lazyBody: true,
		});
		assert.equal(result.workflowData?.[0][0].json.body, 'plain text');
	});

	test('a replayed event id answers 200 {duplicate: true} without starting the workflow', async () => {
		const credential = { scheme: 'githubHmac', secrets: SHARED };
		const first = await call({ credential, headers: githubHeaders(payload), rawBody: Buffer.from(payload) });
		assert.ok(first.result.workflowData);
		const again = await call({ credential, headers: githubHeaders(payload), rawBody: Buffer.from(payload) });
		assert.equal(again.result.workflowData, undefined);
		assert.deepEqual(again.result.webhookResponse, { received: true, duplicate: true, eventId: 'delivery-1' });
		const other = await call({
			credential,
			headers: githubHeaders(payload, 'delivery-2'),
			rawBody: Buffer.from(payload),
		});
		assert.ok(other.result.workflowData);
	});

	test('accepted ids are recorded in the embedded SQLite file in the n8n folder, where a restarted n8n finds them', async () => {
		const credential = { scheme: 'githubHmac', secrets: SHARED };
		await call({ credential, headers: githubHeaders(payload), rawBody: Buffer.from(payload) });
		const file = new DatabaseSync(defaultSqlitePath());
		const rows = file.prepare('SELECT endpoint, event_id FROM syncbridge_webhook_events').all();
		file.close();
		assert.deepEqual(
			rows.map((row) => ({ ...row })),
			[{ endpoint: JSON.stringify(['wf-1', 'SyncBridge Webhook Trigger', 'webhook']), event_id: 'delivery-1' }],
		);
		const restarted = new SqliteReplayDatabase(defaultSqlitePath());
		assert.equal(
			await restarted
				.forEndpoint(JSON.stringify(['wf-1', 'SyncBridge Webhook Trigger', 'webhook']))
				.seen('delivery-1', 60),
			true,
		);
		restarted.close();
	});

	test('the credential is read once per 30 s, except that a secret added meanwhile is read at once and a removed one stops working then', async () => {
		const reads = { count: 0 };
		const credentialId = 'rotating-credential';
		const signedWith = (secret: string, delivery: string) => ({
			'content-type': 'application/json',
			'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`,
			'x-github-delivery': delivery,
		});
		const deliver = (secrets: string, signingSecret: string, delivery: string) =>
			call({
				credential: { scheme: 'githubHmac', secrets },
				credentialId,
				reads,
				headers: signedWith(signingSecret, delivery),
				rawBody: Buffer.from(payload),
			});
		const OLD = 'rotation-old-secret-0123456789';
		const NEW = 'rotation-new-secret-9876543210';
		assert.ok((await deliver(OLD, OLD, 'r-1')).result.workflowData);
		assert.ok((await deliver(OLD, OLD, 'r-2')).result.workflowData);
		assert.equal(reads.count, 1, 'the second delivery used the cached credential');
		// The secret is replaced in n8n: a delivery signed with the new one is accepted at once.
		assert.ok((await deliver(NEW, NEW, 'r-3')).result.workflowData);
		assert.equal(reads.count, 2);
		// The cache now holds the new secret only: the old one is refused.
		const stale = await deliver(NEW, OLD, 'r-4');
		assert.equal(stale.sent.status, 401);
		assert.equal(stale.result.workflowData, undefined);
	});

	test('test-URL deliveries do not mark production ids as seen', async () => {
		const credential = { scheme: 'githubHmac', secrets: SHARED };
		const manual = await call({
			credential,
			headers: githubHeaders(payload),
			rawBody: Buffer.from(payload),
			mode: 'manual',
		});
		assert.ok(manual.result.workflowData);
		const production = await call({ credential, headers: githubHeaders(payload), rawBody: Buffer.from(payload) });
		assert.ok(production.result.workflowData);
	});

	test('concurrent deliveries of one event start the workflow once', async () => {
		const credential = { scheme: 'githubHmac', secrets: SHARED };
		const results = await Promise.all(
			Array.from({ length: 5 }, () =>
				call({ credential, headers: githubHeaders(payload), rawBody: Buffer.from(payload) }),
			),
		);
		assert.equal(results.filter(({ result }) => result.workflowData !== undefined).length, 1);
	});

	test('a bad signature answers 401 with a JSON error and does not start the workflow', async () => {
		const { result, sent } = await call({
			credential: { scheme: 'githubHmac', secrets: SHARED },
			headers: githubHeaders(payload),
			rawBody: Buffer.from(payload.replace('updated', 'deleted')),
		});
		assert.deepEqual(result, { noWebhookResponse: true });
		assert.equal(sent.status, 401);
		assert.deepEqual((sent.body as { error: { code: string } }).error.code, 'signature_mismatch');
	});

	test('a malformed signature header answers 400', async () => {
		const { result, sent } = await call({
			credential: { scheme: 'githubHmac', secrets: SHARED },
			headers: { 'x-hub-signature-256': 'md5=abc' },
			rawBody: Buffer.from(payload),
		});
		assert.deepEqual(result, { noWebhookResponse: true });
		assert.deepEqual([sent.status, (sent.body as { error: { code: string } }).error.code], [400, 'malformed_header']);
	});

	test('no secret configured, or no credential at all, answers 401 for every scheme', async () => {
		for (const scheme of ['stripe', 'standardWebhooks', 'githubHmac', 'staticHeader']) {
			const { result, sent } = await call({
				credential: { scheme, secrets: '', previousSecrets: '\n' },
				headers: { ...githubHeaders(payload), 'x-webhook-key': '' },
				rawBody: Buffer.from(payload),
			});
			assert.deepEqual(result, { noWebhookResponse: true }, scheme);
			assert.deepEqual(
				[sent.status, (sent.body as { error: { code: string } }).error.code],
				[401, 'missing_secret'],
				scheme,
			);
		}
		const missing = await call({
			credential: new Error('Node does not have any credentials set'),
			headers: {},
			rawBody: Buffer.from(payload),
		});
		assert.deepEqual([missing.sent.status, missing.result], [401, { noWebhookResponse: true }]);
	});

	test('a too-short secret accepts nothing: 401 invalid_secret, even for a delivery signed with it', async () => {
		const short = 'short-secret';
		const { result, sent } = await call({
			credential: { scheme: 'githubHmac', secrets: short },
			headers: {
				'x-hub-signature-256': `sha256=${createHmac('sha256', short).update(payload).digest('hex')}`,
				'x-github-delivery': 'delivery-short',
			},
			rawBody: Buffer.from(payload),
		});
		assert.deepEqual(result, { noWebhookResponse: true });
		assert.deepEqual([sent.status, (sent.body as { error: { code: string } }).error.code], [401, 'invalid_secret']);
	});

	test('a body over Max Body Size answers 413, one nested deeper than Max JSON Depth 400; neither starts the workflow or is recorded', async () => {
		const credential = { scheme: 'githubHmac', secrets: SHARED };
		const big = JSON.stringify({ id: 'evt_big', pad: 'x'.repeat(500) });
		const tooLarge = await call({
			credential,
			headers: githubHeaders(big, 'limits-1'),
			rawBody: Buffer.from(big),
			options: { maxBodyBytes: 200 },
		});
		assert.deepEqual(
			[tooLarge.sent.status, (tooLarge.sent.body as { error: { code: string } }).error.code, tooLarge.result],
			[413, 'body_too_large', { noWebhookResponse: true }],
		);
		const deep = JSON.stringify({ a: { b: { c: { d: 1 } } } });
		const tooDeep = await call({
			credential,
			headers: githubHeaders(deep, 'limits-2'),
			rawBody: Buffer.from(deep),
			options: { maxJsonDepth: 3 },
		});
		assert.deepEqual(
			[tooDeep.sent.status, (tooDeep.sent.body as { error: { code: string } }).error.code, tooDeep.result],
			[400, 'body_too_deep', { noWebhookResponse: true }],
		);
		const file = new DatabaseSync(defaultSqlitePath());
		const rows = file.prepare('SELECT event_id FROM syncbridge_webhook_events').all();
		file.close();
		assert.deepEqual(rows, []);
		// Within the limits, the same ids are new deliveries.
		assert.ok(
			(await call({ credential, headers: githubHeaders(deep, 'limits-2'), rawBody: Buffer.from(deep) })).result
				.workflowData,
		);
	});

	test('Stripe: previous secrets are accepted during rotation; the option overrides the tolerance', async () => {
		const now = Math.floor(Date.now() / 1000);
		const header = Stripe.webhooks.generateTestHeaderString({
			payload,
			secret: 'whsec_old_0123456789abcdef',
			timestamp: now - 400,
		});
		const credential = {
			scheme: 'stripe',
			secrets: 'whsec_new_0123456789abcdef',
			previousSecrets: 'whsec_old_0123456789abcdef',
			toleranceSeconds: 300,
		};
		const stale = await call({ credential, headers: { 'stripe-signature': header }, rawBody: Buffer.from(payload) });
		assert.equal(stale.sent.status, 401);
		assert.equal((stale.sent.body as { error: { code: string } }).error.code, 'timestamp_out_of_tolerance');
		const widened = await call({
			credential,
			headers: { 'stripe-signature': header },
			rawBody: Buffer.from(payload),
			options: { toleranceSeconds: 600 },
		});
		assert.equal(widened.result.workflowData?.[0][0].json.eventId, 'evt_node_1');
	});

	test('static key: the key header never reaches the workflow; the event id can come from the body', async () => {
		const { result } = await call({
			credential: { scheme: 'staticHeader', secrets: SHARED, headerName: 'X-Api-Key' },
			headers: { 'x-api-key': SHARED, 'content-type': 'application/json' },
			rawBody: Buffer.from(payload),
			options: { eventIdPath: 'id' },
		});
		const item = result.workflowData?.[0][0].json;
		assert.equal(item?.eventId, 'evt_node_1');
		assert.deepEqual(item?.headers, { 'content-type': 'application/json' });
	});

	test('the credential test checks that the secrets parse for the scheme', async () => {
		const node = new SyncBridgeWebhookTrigger();
		const testCredential = (data: ICredentialDataDecryptedObject) =>
			node.methods.credentialTest.syncBridgeWebhookSecretTest.call({} as ICredentialTestFunctions, {
				id: '1',
				name: 'test',
				type: 'syncBridgeWebhookSecretApi',
				data,
			});
		assert.equal(
			(await testCredential({ scheme: 'stripe', secrets: 'whsec_0123456789abcdef0123456789ab' })).status,
			'OK',
		);
		assert.equal((await testCredential({ scheme: 'stripe', secrets: 'whsec_abc' })).status, 'Error');
		assert.equal((await testCredential({ scheme: 'githubHmac', secrets: 'abc' })).status, 'Error');
		assert.equal((await testCredential({ scheme: 'stripe', secrets: '' })).status, 'Error');
		assert.equal((await testCredential({ scheme: 'standardWebhooks', secrets: 'whsec_***' })).status, 'Error');
		assert.equal(
			(await testCredential({ scheme: 'staticHeader', secrets: SHARED, headerName: 'X-Api-Key' })).status,
			'OK',
		);
	});

	test('registers nothing with the sender: no webhook lifecycle methods', () => {
		assert.equal('webhookMethods' in new SyncBridgeWebhookTrigger(), false);
	});
});
