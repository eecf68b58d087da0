import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { verifyStandardWebhooksSignature } from '../../../runtime/webhooks/standard-webhooks-signature';
import type { RequestHeaders } from '../../../runtime/webhooks/request-headers';
import { FakeApp, type AppRecord } from '../../fakes/app/fake-app';
import { SinkServer } from '../../support/sink-server';

const signingSecret = `whsec_${Buffer.from('fake-app-signing-key-0123456789').toString('base64')}`;

describe('the fake application', () => {
	let app: FakeApp;
	let subscriber: SinkServer;

	before(async () => {
		app = await new FakeApp({ resources: ['users', 'appointments'], signingSecret }).start();
		subscriber = await SinkServer.start();
		app.subscribe('users', `${subscriber.url}/hooks/users`);
	});

	after(async () => {
		await app.stop();
		await subscriber.stop();
	});

	const call = async (method: string, path: string, body?: unknown, key = app.apiKey) => {
		const response = await fetch(`${app.url}${path}`, {
			method,
			headers: { 'x-app-key': key, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return {
			status: response.status,
			body: response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>),
		};
	};

	test('refuses a request without its API key', async () => {
		assert.equal((await call('GET', '/api/users', undefined, 'wrong')).status, 401);
	});

	test('creates through the API, owns id/version/updatedAt, and pages the list', async () => {
		const created = await call('POST', '/api/appointments', { title: 'Inspection', id: 'forged', version: 99 });
		assert.equal(created.status, 201);
		const record = created.body as AppRecord;
		assert.match(record.id, /^app-\d+$/);
		assert.equal(record.version, 1);

		for (let index = 0; index < 4; index++) await call('POST', '/api/appointments', { title: `More ${index}` });
		const first = await call('GET', '/api/appointments?limit=2&page=1');
		const third = await call('GET', '/api/appointments?limit=2&page=3');
		assert.equal(first.body?.total, 5);
		assert.equal(first.body?.pages, 3);
		assert.equal((third.body?.results as unknown[]).length, 1);
	});

	test('publishes every change, API writes included, as a Standard Webhooks event our verifier accepts', async () => {
		const created = (await call('POST', '/api/users', { email: 'ada@example.com' })).body as AppRecord;
		const updated = (await call('PUT', `/api/users/${created.id}`, { email: 'ada@lovelace.dev' })).body as AppRecord;
		assert.equal(updated.version, 2);

		const received = await subscriber.waitFor(2);
		assert.deepEqual(
			received.map((request) => (request.body as { type: string }).type),
			['users.created', 'users.updated'],
		);
		for (const request of received) {
			const verdict = verifyStandardWebhooksSignature(
				{ headers: request.headers as RequestHeaders, rawBody: request.rawBody },
				{ secrets: [signingSecret] },
			);
			assert.equal(verdict.ok, true, JSON.stringify(verdict));
		}
		const tampered = verifyStandardWebhooksSignature(
			{ headers: received[0].headers as RequestHeaders, rawBody: received[0].rawBody.replace('ada@', 'eve@') },
			{ secrets: [signingSecret] },
		);
		assert.equal(tampered.ok, false);
		// API changes are published from the outbox after the answer: their delivery records follow.
		for (const deadline = Date.now() + 5_000; app.deliveries.length < 2 && Date.now() < deadline;)
			await new Promise((resolve) => setTimeout(resolve, 10));
		assert.deepEqual(
			app.deliveries.map((delivery) => delivery.status),
			[200, 200],
		);
	});
});

test('a stopped fake refuses connections; restarted on its port it answers at the same address with its records', async () => {
	const own = await new FakeApp({ resources: ['courseEnrollments'], signingSecret }).start();
	try {
		await own.create('courseEnrollments', { courseCode: 'LO-1' });
		const url = own.url;
		await own.stop();
		await assert.rejects(fetch(`${url}/api/courseEnrollments`), /fetch failed/);
		await own.start(Number(new URL(url).port));
		assert.equal(own.url, url);
		const response = await fetch(`${url}/api/courseEnrollments`, { headers: { 'x-app-key': own.apiKey } });
		assert.deepEqual(
			((await response.json()) as { results: AppRecord[] }).results.map((record) => record.courseCode),
			['LO-1'],
		);
	} finally {
		await own.stop();
	}
});
