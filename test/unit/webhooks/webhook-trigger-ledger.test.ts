import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SyncBridgeWebhookTrigger } from '../../../nodes/SyncBridgeWebhookTrigger/SyncBridgeWebhookTrigger.node';
import {
	closeAllDeliveryLedgers,
	openPostgresDeliveryLedger,
} from '../../../runtime/webhooks/postgres-delivery-ledger';
import { poolConfigFromCredential } from '../../../runtime/contracts/store-config';
import { dropSchema, ensurePostgres, uniqueSchema, type PostgresHandle } from '../contracts/postgres-server';

const SECRET = 'ledger-node-secret-0123456789';
const body = JSON.stringify({ id: 'obj-1', version: 2 });
const headers = {
	'content-type': 'application/json',
	'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
	'x-github-delivery': 'delivery-ledger-1',
};

describe('SyncBridge Webhook Trigger with the Postgres delivery ledger', () => {
	let server: PostgresHandle;
	let schema: string;
	let postgresCredential: IDataObject;

	before(async () => {
		server = await ensurePostgres();
		schema = uniqueSchema('trigger_ledger');
		const url = new URL(server.url);
		postgresCredential = {
			host: url.hostname,
			port: Number(url.port || 5432),
			database: url.pathname.slice(1),
			user: decodeURIComponent(url.username),
			password: decodeURIComponent(url.password),
			ssl: 'disable',
			schema,
		};
	});
	after(async () => {
		await closeAllDeliveryLedgers();
		await dropSchema(server.url, schema);
		await server.stop();
	});

	async function deliver(): Promise<{
		result: IWebhookResponseData;
		status?: number;
		sent?: unknown;
		retryAfter?: string;
	}> {
		const out: { status?: number; sent?: unknown; retryAfter?: string } = {};
		const response = {
			status(code: number) {
				out.status = code;
				return response;
			},
			json(value: unknown) {
				out.sent = value;
				return response;
			},
			setHeader(name: string, value: string) {
				if (name.toLowerCase() === 'retry-after') out.retryAfter = value;
			},
		};
		const parameters: Record<string, unknown> = {
			respond: 'afterSync',
			replayStore: 'postgres',
			options: { leaseSeconds: 30 },
		};
		const context = {
			getRequestObject: () => ({ headers, rawBody: Buffer.from(body) }),
			getResponseObject: () => response,
			getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
			getCredentials: async (type: string) =>
				type === 'syncBridgePostgres' ? postgresCredential : { scheme: 'githubHmac', secrets: SECRET },
			getWorkflowStaticData: () => ({}),
			getNode: () => ({ name: 'Signed Webhook' }),
			getWorkflow: () => ({ id: 'wf-ledger', active: true }),
			getMode: () => 'webhook',
			logger: { warn: () => undefined, debug: () => undefined },
		} as unknown as IWebhookFunctions;
		const result = await new SyncBridgeWebhookTrigger().webhook.call(context);
		return { result, ...out };
	}

	test('claims a delivery, answers an in-flight duplicate 409 + Retry-After, a completed one 200 duplicate', async () => {
		const first = await deliver();
		const item = first.result.workflowData?.[0][0].json as {
			_syncbridge?: { delivery?: { key: string }; deliveryAttempt?: number };
		};
		assert.ok(item._syncbridge?.delivery?.key, 'the item carries its delivery reference');
		assert.equal(item._syncbridge?.deliveryAttempt, 1);

		const inFlight = await deliver();
		assert.equal(inFlight.status, 409);
		assert.deepEqual(inFlight.result, { noWebhookResponse: true }, 'no second run while the first is in flight');
		assert.ok(Number(inFlight.retryAfter) >= 1 && Number(inFlight.retryAfter) <= 5);

		const ledger = openPostgresDeliveryLedger({ pool: poolConfigFromCredential(postgresCredential), schema });
		await ledger.complete([item._syncbridge?.delivery?.key as string]);
		const duplicate = await deliver();
		assert.deepEqual(duplicate.result, {
			webhookResponse: { received: true, duplicate: true, eventId: 'delivery-ledger-1' },
		});
	});
});
