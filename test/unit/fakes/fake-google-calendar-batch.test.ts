import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';

interface AnsweredCall {
	contentId: string | undefined;
	status: number;
	body: Record<string, unknown> | undefined;
}

/**
 * @googleapis/calendar has no batch support, so the fake's batch endpoint is driven with the wire
 * format of Google's batch guide (https://developers.google.com/calendar/api/guides/batch),
 * written out by hand: multipart/mixed, one `application/http` part per call with a path-only
 * request line, answers matched by `Content-ID: <response-…>`.
 */
describe('the fake Google Calendar batch endpoint, in the documented wire format', () => {
	let google: FakeGoogleCalendar;
	const boundary = 'batch_inspections';
	const events = '/calendar/v3/calendars/primary/events';
	const slot = { start: { dateTime: '2026-06-01T09:00:00Z' }, end: { dateTime: '2026-06-01T10:00:00Z' } };

	/** One call as a part: part headers, blank line, request line, its headers, blank line, JSON body. */
	const part = (contentId: string, method: string, path: string, body?: Record<string, unknown>): string =>
		[
			`--${boundary}`,
			'Content-Type: application/http',
			`Content-ID: <${contentId}+inspections@example.com>`,
			'',
			`${method} ${path} HTTP/1.1`,
			...(body === undefined ? [] : ['Content-Type: application/json', '', JSON.stringify(body)]),
			'',
		].join('\r\n');

	const sendBatch = async (
		parts: string[],
		token = google.accessToken,
	): Promise<{ status: number; answered: AnsweredCall[] }> => {
		const response = await fetch(`${google.url}/batch/calendar/v3`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': `multipart/mixed; boundary=${boundary}`,
			},
			body: `${parts.join('')}--${boundary}--\r\n`,
		});
		const text = await response.text();
		const answerBoundary = /boundary=([^;\s]+)/.exec(response.headers.get('content-type') ?? '')?.[1];
		if (answerBoundary === undefined) return { status: response.status, answered: [] };
		const answered = text
			.split(`--${answerBoundary}`)
			.slice(1, -1)
			.map((section) => {
				const json = section.indexOf('{');
				return {
					contentId: /^Content-ID: (.+)$/m.exec(section)?.[1].trim(),
					status: Number(/^HTTP\/1\.1 (\d{3})/m.exec(section)?.[1]),
					body: json === -1 ? undefined : (JSON.parse(section.slice(json)) as Record<string, unknown>),
				};
			});
		return { status: response.status, answered };
	};

	before(async () => {
		google = await new FakeGoogleCalendar().start();
	});
	after(() => google.stop());

	test('each call is answered in its own part under response-<Content-ID>: client ids checked, a taken id is a 409', async () => {
		const [seeded] = google.seedEvents('primary', 1);
		const id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
		const { status, answered } = await sendBatch([
			part('item1', 'POST', events, { id, summary: 'Inspection A', ...slot }),
			part('item2', 'POST', events, { id, summary: 'Inspection A again', ...slot }),
			part('item3', 'POST', events, { id: 'NOT-base32hex', summary: 'Bad id', ...slot }),
			part('item4', 'PATCH', `${events}/${seeded.id}`, { summary: 'Renamed' }),
			part('item5', 'DELETE', `${events}/${seeded.id}`),
			part('item6', 'GET', `${events}/${id}`),
		]);

		assert.equal(status, 200);
		assert.deepEqual(
			answered.map((call) => [call.contentId, call.status]),
			[
				['<response-item1+inspections@example.com>', 200],
				['<response-item2+inspections@example.com>', 409],
				['<response-item3+inspections@example.com>', 400],
				['<response-item4+inspections@example.com>', 200],
				['<response-item5+inspections@example.com>', 204],
				['<response-item6+inspections@example.com>', 200],
			],
		);
		assert.equal(answered[0].body?.id, id);
		const duplicate = answered[1].body?.error as { message: string; errors: { reason: string }[] };
		assert.equal(duplicate.message, 'The requested identifier already exists.');
		assert.equal(duplicate.errors[0].reason, 'duplicate');
		assert.equal(answered[3].body?.summary, 'Renamed');
		assert.equal(answered[5].body?.summary, 'Inspection A', 'calls run in order: the GET sees the insert');
		assert.deepEqual(
			google.liveEvents().map((event) => event.id),
			[id],
		);
		assert.equal(google.batchedRequests.length, 6);
	});

	test('a batch call without a valid Authorization is refused as a whole (401)', async () => {
		const { status, answered } = await sendBatch([part('only', 'GET', events)], 'ya29.revoked');
		assert.equal(status, 401);
		assert.deepEqual(answered, []);
	});

	test('a call names its path only: a full URL is refused in its part, the other calls run', async () => {
		const { answered } = await sendBatch([part('full', 'GET', `${google.url}${events}`), part('path', 'GET', events)]);
		assert.deepEqual(
			answered.map((call) => call.status),
			[400, 200],
		);
	});

	test('a batch carries at most 1000 calls: more is a 400 and none runs', async () => {
		const before = google.liveEvents().length;
		const parts = Array.from({ length: 1001 }, (_, index) =>
			part(`many${index}`, 'POST', events, { summary: `Many ${index}`, ...slot }),
		);
		const { status } = await sendBatch(parts);
		assert.equal(status, 400);
		assert.equal(google.liveEvents().length, before);
	});
});
