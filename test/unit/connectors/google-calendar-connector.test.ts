import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildWebhookRequest, extractId, googleCalendarConnector, readRateLimit } from '../../../runtime/connectors';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { call, fetchAll, send, withListOverride } from './connector-client';

describe('Google Calendar connector against the fake Calendar API', () => {
	const google = new FakeGoogleCalendar();
	let credentials: Record<string, unknown>;
	before(async () => {
		await google.start();
		credentials = { baseUrl: google.url, accessToken: google.accessToken };
	});
	after(() => google.stop());

	it('follows nextPageToken as pageToken until it is absent, each event once', async () => {
		const seeded = google.seedEvents('inspections@group.calendar.google.com', 8);
		const small = withListOverride(googleCalendarConnector, 'events', { query: { maxResults: '3' } });
		const { records, requests } = await fetchAll(small, 'events', {
			credentials,
			parameters: { calendarId: 'inspections@group.calendar.google.com' },
		});
		assert.deepEqual(
			records.map((record) => extractId(record)),
			seeded.map((event) => event.id),
		);
		assert.equal(requests.length, 3);
		assert.match(
			requests[0].url,
			/\/calendar\/v3\/calendars\/inspections%40group\.calendar\.google\.com\/events\?maxResults=3$/,
		);
		assert.ok(new URL(requests[2].url).searchParams.get('pageToken'));
	});

	it('creates, patches and deletes an event', async () => {
		const parameters = { calendarId: 'primary' };
		const created = await call(googleCalendarConnector, 'events', 'create', {
			credentials,
			parameters,
			body: {
				summary: 'Inspection, Storgata 1',
				start: { dateTime: '2025-05-02T09:00:00+02:00' },
				end: { dateTime: '2025-05-02T10:00:00+02:00' },
			},
		});
		assert.equal(created.status, 200);
		const id = extractId(created.body) ?? '';
		const patched = await call(googleCalendarConnector, 'events', 'update', {
			credentials,
			parameters,
			id,
			body: { location: 'Storgata 1' },
		});
		assert.equal((patched.body as { location: string; summary: string }).location, 'Storgata 1');
		assert.equal((patched.body as { summary: string }).summary, 'Inspection, Storgata 1');
		const deleted = await call(googleCalendarConnector, 'events', 'delete', { credentials, parameters, id });
		assert.equal(deleted.status, 204);
		// Google keeps a deleted event, cancelled; it is no longer in the calendar a person sees.
		assert.deepEqual(
			google.calendars.get('primary')?.map((event) => [event.id, event.status]),
			[[id, 'cancelled']],
		);
		assert.equal(google.liveEvents('primary').length, 0);
	});

	it('rejects a bad token with 401 UNAUTHENTICATED', async () => {
		const response = await call(googleCalendarConnector, 'events', 'list', {
			credentials: { ...credentials, accessToken: 'ya29.revoked' },
			parameters: { calendarId: 'primary' },
		});
		assert.equal(response.status, 401);
		assert.equal((response.body as { error: { status: string } }).error.status, 'UNAUTHENTICATED');
	});

	it('reads an HTTP-date Retry-After from a 429 rateLimitExceeded', async () => {
		const now = Date.parse('2025-05-02T08:00:00Z');
		google.inject({ status: 429, retryAfter: new Date(now + 30_000).toUTCString() });
		const response = await call(googleCalendarConnector, 'events', 'list', {
			credentials,
			parameters: { calendarId: 'primary' },
		});
		assert.equal(response.status, 429);
		assert.equal(
			(response.body as { error: { errors: { reason: string }[] } }).error.errors[0].reason,
			'rateLimitExceeded',
		);
		assert.equal(readRateLimit(response.headers, googleCalendarConnector, now).retryAfterMs, 30_000);
	});

	it('opens and stops a push-notification channel', async () => {
		const opened = await send(
			buildWebhookRequest(googleCalendarConnector, 'register', {
				credentials,
				parameters: { calendarId: 'primary' },
				body: {
					id: 'syncbridge-channel-1',
					type: 'web_hook',
					address: 'https://n8n.example.test/webhook/gcal',
					token: 'target=inspections',
				},
			}),
		);
		assert.equal(opened.status, 200);
		assert.equal(extractId(opened.body, googleCalendarConnector.webhooks?.idPosition), 'syncbridge-channel-1');
		const resourceId = extractId(opened.body, 'resourceId');
		const stopped = await send(
			buildWebhookRequest(googleCalendarConnector, 'unregister', {
				credentials,
				body: { id: 'syncbridge-channel-1', resourceId },
			}),
		);
		assert.equal(stopped.status, 204);
		assert.equal(google.channels.size, 0);
	});
});
