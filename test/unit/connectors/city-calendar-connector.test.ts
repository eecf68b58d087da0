import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cityCalendarConnector, extractId, readRateLimit } from '../../../runtime/connectors';
import { FakeCityCalendar } from '../../fakes/systems/fake-city-calendar';
import { call, fetchAll } from './connector-client';

describe('City calendar connector against the fake city calendar', () => {
	const city = new FakeCityCalendar();
	let credentials: Record<string, unknown>;
	before(async () => {
		await city.start();
		credentials = { baseUrl: city.url, apiKey: city.apiKey };
		city.seedEvents(119);
		city.insert({ title: 'Tilsyn <Bakeri & Café>', start: '2025-04-02T09:00:00Z', end: '2025-04-02T10:00:00Z' });
	});
	after(() => city.stop());

	it('pages the JSON list by page and per_page, ending on the short page', async () => {
		const { records, requests } = await fetchAll(cityCalendarConnector, 'events', { credentials });
		const ids = records.map((record) => extractId(record));
		assert.equal(ids.length, 120);
		assert.equal(new Set(ids).size, 120);
		assert.deepEqual(
			requests.map((request) => new URL(request.url).search),
			['?page=1&per_page=50', '?page=2&per_page=50', '?page=3&per_page=50'],
		);
		assert.equal(requests[0].headers['x-api-key'], city.apiKey);
	});

	it('parses the XML variant: records at `event`, ids at `@attributes.id`, entities left as sent', async () => {
		const { records, requests } = await fetchAll(cityCalendarConnector, 'eventsXml', { credentials });
		assert.equal(requests[0].headers.accept, 'application/xml');
		assert.equal(records.length, 120);
		assert.deepEqual(
			records.map((record) => extractId(record, '@attributes.id')),
			city.events.map((event) => event.id),
		);
		const last = records[119] as Record<string, unknown>;
		assert.deepEqual(last['@attributes'], { id: city.events[119].id, status: 'scheduled' });
		assert.equal(last.title, 'Tilsyn &lt;Bakeri &amp; Café&gt;');
		assert.equal(last.start, '2025-04-02T09:00:00Z');
	});

	it('creates, updates and deletes an event', async () => {
		const created = await call(cityCalendarConnector, 'events', 'create', {
			credentials,
			body: { title: 'Inspection', start: '2025-06-01T08:00:00Z', end: '2025-06-01T09:00:00Z' },
		});
		assert.equal(created.status, 201);
		const id = extractId(created.body) ?? '';
		const updated = await call(cityCalendarConnector, 'events', 'update', {
			credentials,
			id,
			body: { title: 'Inspection (moved)', start: '2025-06-02T08:00:00Z', end: '2025-06-02T09:00:00Z' },
		});
		assert.equal((updated.body as { title: string }).title, 'Inspection (moved)');
		assert.equal((await call(cityCalendarConnector, 'events', 'delete', { credentials, id })).status, 204);
		assert.equal((await call(cityCalendarConnector, 'events', 'get', { credentials, id })).status, 404);
	});

	it('rejects a wrong X-API-Key with 401', async () => {
		const response = await call(cityCalendarConnector, 'events', 'list', {
			credentials: { ...credentials, apiKey: 'wrong' },
		});
		assert.equal(response.status, 401);
		assert.deepEqual(response.body, { error: 'Invalid or missing API key' });
	});

	it('reads X-RateLimit-* headers and Retry-After on 429', async () => {
		const ok = await call(cityCalendarConnector, 'events', 'get', { credentials, id: city.events[0].id });
		const state = readRateLimit(ok.headers, cityCalendarConnector);
		assert.equal(state.limit, 600);
		assert.equal(state.resetAt, 1_767_225_600_000);
		city.inject({ status: 429, retryAfter: 5 });
		const limited = await call(cityCalendarConnector, 'events', 'list', { credentials });
		assert.equal(limited.status, 429);
		assert.equal(readRateLimit(limited.headers, cityCalendarConnector).retryAfterMs, 5000);
	});

	it('a 5xx from the calendar surfaces as such', async () => {
		city.inject({ status: 502 });
		const response = await call(cityCalendarConnector, 'events', 'list', { credentials });
		assert.equal(response.status, 502);
	});
});
