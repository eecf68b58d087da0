import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	consioConnector,
	extractId,
	readRateLimit,
	withCsvFallback,
	type ApiOutcome,
} from '../../../runtime/connectors';
import { FakeConsio } from '../../fakes/systems/fake-consio';
import { call, fetchAll } from './connector-client';

const activities = [
	{ memberNumber: 10001, activity: 'Besøksvenn; uke 12', date: '2025-03-20', hours: 2 },
	{ memberNumber: 10002, activity: 'Turgruppe', date: '2025-03-21', hours: 3.5 },
];

describe('Consio connector against the fake Consio', () => {
	const consio = new FakeConsio();
	let credentials: Record<string, unknown>;
	const spec = consioConnector.resources.activities.csvExport!;

	const exportActivities = () =>
		withCsvFallback(activities, spec, async (): Promise<ApiOutcome<unknown>> => {
			const response = await call(consioConnector, 'activities', 'create', { credentials, batch: activities });
			return { kind: 'response', status: response.status, result: response.body };
		});

	before(async () => {
		await consio.start();
		credentials = { baseUrl: consio.url, apiKey: consio.apiKey };
	});
	after(() => consio.stop());

	it('pages members by offset and limit, each once', async () => {
		consio.seedMembers(230);
		const { records, requests } = await fetchAll(consioConnector, 'members', { credentials });
		const ids = records.map((record) => extractId(record));
		assert.equal(ids.length, 230);
		assert.equal(new Set(ids).size, 230);
		assert.deepEqual(
			requests.map((request) => new URL(request.url).searchParams.get('offset')),
			['0', '100', '200'],
		);
	});

	it('exports activities through the API and reads the rate-limit headers', async () => {
		const result = await exportActivities();
		assert.equal(result.via, 'api');
		assert.equal(consio.activities.length, 2);
		const response = await call(consioConnector, 'members', 'get', { credentials, id: '1' });
		const state = readRateLimit(response.headers, consioConnector, 1_000_000);
		assert.equal(state.limit, 1000);
		assert.ok(state.remaining !== undefined && state.remaining < 1000);
		assert.equal(state.resetAt, 1_000_000 + 60_000);
	});

	it('writes a semicolon CSV with decimal commas and a byte order mark when Consio is down', async () => {
		consio.unavailable = 503;
		const result = await exportActivities();
		consio.unavailable = undefined;
		assert.equal(result.via, 'csv');
		if (result.via !== 'csv') return;
		assert.equal(result.file.fileName, 'consio-activities.csv');
		assert.equal(
			result.file.content,
			'\uFEFFMedlemsnummer;Aktivitet;Dato;Timer\r\n10001;"Besøksvenn; uke 12";2025-03-20;2\r\n10002;Turgruppe;2025-03-21;3,5\r\n',
		);
		assert.equal(consio.activities.length, 2);
	});

	it('rejects a wrong API key with 401', async () => {
		const response = await call(consioConnector, 'members', 'list', {
			credentials: { ...credentials, apiKey: 'wrong' },
		});
		assert.equal(response.status, 401);
		assert.deepEqual(response.body, { message: 'Invalid or missing API key' });
	});

	it('reads Retry-After from a 429', async () => {
		consio.inject({ status: 429, retryAfter: 2 });
		const response = await call(consioConnector, 'members', 'list', { credentials });
		assert.equal(readRateLimit(response.headers, consioConnector).retryAfterMs, 2000);
	});
});
