import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { SinkServer } from '../support/sink-server';

const secret = 'e2e-github-style-secret-6f1d2c';
const credential = {
	id: 'sbE2eWebhookCred',
	name: 'E2E signed webhook',
	type: 'syncBridgeWebhookSecretApi',
	data: { scheme: 'githubHmac', secrets: secret },
};

function signedWorkflow(sinkUrl: string) {
	return {
		id: 'sbE2eSignedHook1',
		name: 'E2E signed webhook to sink',
		nodes: [
			{
				id: 'b6a9e0a4-1a51-4d1f-9f0e-000000000001',
				name: 'Signed Webhook',
				type: `${packageName}.syncBridgeWebhookTrigger`,
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'c2a4f7de-5b0e-4c57-9a38-2f3f1f0e0e01',
				parameters: { path: 'e2e-signed' },
				credentials: { syncBridgeWebhookSecretApi: { id: credential.id, name: credential.name } },
			},
			{
				id: 'b6a9e0a4-1a51-4d1f-9f0e-000000000002',
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
		connections: { 'Signed Webhook': { main: [[{ node: 'Forward To Sink', type: 'main', index: 0 }]] } },
		settings: {},
	};
}

const sign = (body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('SyncBridge installed as a community package in real n8n', () => {
	let n8n: N8nInstance;
	let sink: SinkServer;

	before(async () => {
		sink = await SinkServer.start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([credential]);
		const id = await n8n.importWorkflow(signedWorkflow(sink.url));
		await n8n.publish(id);
		await n8n.start();
		await waitForWebhookRegistration(n8n.baseUrl, 'e2e-signed');
	});

	after(async () => {
		await n8n?.dispose();
		await sink?.stop();
	});

	test("the package sits in n8n's nodes folder the way n8n installs community packages", async () => {
		const nodesFolder = join(n8n.userFolder, '.n8n', 'nodes');
		const recorded = JSON.parse(await readFile(join(nodesFolder, 'package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		const installed = JSON.parse(
			await readFile(join(nodesFolder, 'node_modules', packageName, 'package.json'), 'utf8'),
		) as {
			version: string;
			devDependencies?: unknown;
		};
		assert.equal(recorded.dependencies[packageName], installed.version);
		assert.equal(installed.devDependencies, undefined, 'dev dependencies are stripped as n8n does');
	});

	const post = async (body: string, headers: Record<string, string>) => {
		const response = await fetch(`${n8n.baseUrl}/webhook/e2e-signed`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};

	test('a signed delivery over HTTP runs the published workflow once; its replay and forgeries do not', async () => {
		const first = { id: 'cus_1', email: 'ada@example.com' };
		const firstBody = JSON.stringify(first);
		const deliveryId = randomUUID();

		const accepted = await post(firstBody, { 'x-hub-signature-256': sign(firstBody), 'x-github-delivery': deliveryId });
		assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
		assert.deepEqual(accepted.body, { received: true, duplicate: false, eventId: deliveryId });

		const replay = await post(firstBody, { 'x-hub-signature-256': sign(firstBody), 'x-github-delivery': deliveryId });
		assert.equal(replay.status, 200);
		assert.equal(replay.body.duplicate, true);

		const tampered = await post(JSON.stringify({ ...first, email: 'mallory@example.com' }), {
			'x-hub-signature-256': sign(firstBody),
			'x-github-delivery': randomUUID(),
		});
		assert.equal(tampered.status, 401);
		assert.equal((tampered.body.error as { code: string }).code, 'signature_mismatch');

		const unsigned = await post(firstBody, { 'x-github-delivery': randomUUID() });
		assert.equal(unsigned.status, 401);

		const second = { id: 'cus_2', email: 'grace@example.com' };
		const secondBody = JSON.stringify(second);
		const secondId = randomUUID();
		assert.equal(
			(await post(secondBody, { 'x-hub-signature-256': sign(secondBody), 'x-github-delivery': secondId })).status,
			200,
		);

		const received = await sink.waitFor(2);
		await n8n.stop(); // graceful shutdown lets running executions finish: nothing can arrive later
		assert.equal(sink.received.length, 2, 'only the two genuine, first-time deliveries ran the workflow');
		const items = received.map((request) => request.body as { eventId: string; scheme: string; body: unknown });
		assert.deepEqual(
			items.map((item) => [item.eventId, item.scheme, item.body]).sort(),
			[
				[deliveryId, 'githubHmac', first],
				[secondId, 'githubHmac', second],
			].sort(),
		);
	});
});
