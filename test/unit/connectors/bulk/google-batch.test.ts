import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { BulkWrite, BulkWriter } from '../../../../runtime/contracts/bulk-write';
import { googleCalendarConnector } from '../../../../runtime/connectors';
import { bulkWriterFor } from '../../../../runtime/connectors/bulk';
import { eventIdFrom } from '../../../../runtime/connectors/bulk/derived-ids';
import { createFetchTransport } from '../../../../runtime/http/fetch-transport';
import { createResilientClient, type ResilientClient } from '../../../../runtime/http/resilient-client';
import { FakeGoogleCalendar } from '../../../fakes/systems/fake-google-calendar';

const objectKey = (inboundId: string) => createHash('sha256').update(`appointments:${inboundId}`).digest('hex');
const slot = (day: number) => ({
	start: { dateTime: `2026-07-${String(day).padStart(2, '0')}T09:00:00Z` },
	end: { dateTime: `2026-07-${String(day).padStart(2, '0')}T10:00:00Z` },
});

const creates = (prefix: string, count: number): BulkWrite[] =>
	Array.from({ length: count }, (_, index) => ({
		action: 'create',
		objectKey: objectKey(`${prefix}-${index}`),
		body: { summary: `${prefix} ${index}`, ...slot((index % 28) + 1) },
	}));

describe("Google Calendar's batch endpoint as the bulk writer of events", () => {
	const google = new FakeGoogleCalendar();
	const client: ResilientClient = createResilientClient({ transport: createFetchTransport(), sleep: async () => {} });
	let writer: BulkWriter;
	const batchCalls = () => google.requestsTo('/batch/calendar/v3', 'POST').length;
	const event = (id: string) => google.calendars.get('primary')?.find((candidate) => candidate.id === id);

	before(async () => {
		await google.start();
		const found = bulkWriterFor({
			descriptor: googleCalendarConnector,
			resource: 'events',
			credentials: { baseUrl: google.url, accessToken: google.accessToken },
			pathParameters: { calendarId: 'primary' },
		});
		assert.ok(found, 'the events resource describes a bulk API');
		writer = found;
	});
	after(() => google.stop());

	it('120 creates go in 3 calls to the batch path at the API root, each event under the id derived from its object', async () => {
		const writes = creates('first-sync', 120);
		const calls = batchCalls();
		const results = await writer.send(client, writes, { concurrency: 2 });

		assert.equal(batchCalls() - calls, 3);
		results.forEach((result, index) => {
			assert.ok(result.ok, JSON.stringify(result));
			assert.equal(result.id, eventIdFrom(writes[index].objectKey));
			assert.equal(result.record?.summary, `first-sync ${index}`);
			assert.equal(result.reconciled, undefined);
		});
		assert.match(eventIdFrom(writes[0].objectKey), /^[a-v0-9]{5,1024}$/);
		assert.equal(google.liveEvents().length, 120);
		const inner = google.batchedRequests.at(-1);
		assert.equal(inner?.method, 'POST');
		assert.equal(inner?.url, '/calendar/v3/calendars/primary/events');
	});

	it('resent after a crash, the ids are taken (409): the events are brought up to date in one more call per 50, reconciled, none twice', async () => {
		const first = creates('rerun', 60);
		await writer.send(client, first, { concurrency: 1 });
		const live = google.liveEvents().length;
		const calls = batchCalls();

		const resent = first.map((write) => ({ ...write, body: { ...write.body, location: 'Moved since' } }));
		const results = await writer.send(client, resent, { concurrency: 1 });

		assert.equal(batchCalls() - calls, 4, '2 calls answered 409 for every create, 2 patched them');
		assert.equal(google.liveEvents().length, live);
		for (const [index, result] of results.entries()) {
			assert.ok(result.ok, JSON.stringify(result));
			assert.equal(result.reconciled, true);
			assert.equal(result.id, eventIdFrom(first[index].objectKey));
		}
		assert.equal(event(eventIdFrom(first[3].objectKey))?.location, 'Moved since');
	});

	it('a create whose event was deleted since restores it', async () => {
		const [write] = creates('restored', 1);
		await writer.send(client, [write], { concurrency: 1 });
		const id = eventIdFrom(write.objectKey);
		google.cancelEvent('primary', id);

		const [result] = await writer.send(client, [write], { concurrency: 1 });
		assert.ok(result.ok);
		assert.equal(result.reconciled, true);
		assert.equal(event(id)?.status, 'confirmed');
	});

	it('a call Google refuses is one failed result in its words; the others are written', async () => {
		const writes = creates('refused', 4);
		writes[1] = { ...writes[1], body: { summary: 'No time' } };
		const results = await writer.send(client, writes, { concurrency: 1 });

		assert.deepEqual(
			results.map((result) => result.ok),
			[true, false, true, true],
		);
		const failed = results[1];
		assert.ok(!failed.ok);
		assert.deepEqual(
			[failed.status, failed.code, failed.message, failed.transient],
			[400, 'required', 'Missing end time.', false],
		);
		assert.equal(event(eventIdFrom(writes[1].objectKey)), undefined);
	});

	it('updates patch the event; deleting an event already deleted (410) or unknown (404) is done', async () => {
		const [kept, removed, cancelled] = google.seedEvents('primary', 3);
		google.cancelEvent('primary', cancelled.id);
		const results = await writer.send(
			client,
			[
				{ action: 'update', id: kept.id, objectKey: objectKey('kept'), body: { summary: 'Renamed' } },
				{ action: 'delete', id: removed.id, objectKey: objectKey('removed'), body: {} },
				{ action: 'delete', id: cancelled.id, objectKey: objectKey('cancelled'), body: {} },
				{ action: 'delete', id: 'unknownevent0001', objectKey: objectKey('unknown'), body: {} },
			],
			{ concurrency: 1 },
		);

		assert.ok(results[0].ok);
		assert.equal(results[0].id, kept.id);
		assert.equal(results[0].record?.summary, 'Renamed');
		assert.deepEqual(results.slice(1), [
			{ ok: true, id: removed.id },
			{ ok: true, id: cancelled.id },
			{ ok: true, id: 'unknownevent0001' },
		]);
		assert.equal(event(removed.id)?.status, 'cancelled');
	});

	it('a call over the rate limit (403 rateLimitExceeded, 429) or failing on the server is transient', async () => {
		const writes = creates('limited', 4);
		const [kept] = google.seedEvents('primary', 1);
		writes[3] = { action: 'update', id: kept.id, objectKey: objectKey('limited-update'), body: { summary: 'x' } };
		google.inject({
			inBatch: true,
			status: 403,
			method: 'POST',
			body: {
				error: {
					code: 403,
					message: 'Rate Limit Exceeded',
					errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }],
				},
			},
		});
		google.inject({ inBatch: true, status: 429, method: 'POST' });
		google.inject({ inBatch: true, status: 503, method: 'POST' });
		google.inject({
			inBatch: true,
			status: 403,
			method: 'PATCH',
			body: { error: { code: 403, message: 'Forbidden', errors: [{ domain: 'global', reason: 'forbidden' }] } },
		});
		const results = await writer.send(client, writes, { concurrency: 1 });

		assert.deepEqual(
			results.map((result) => (result.ok ? 'ok' : [result.status, result.code, result.transient])),
			[
				[403, 'rateLimitExceeded', true],
				[429, 'rateLimitExceeded', true],
				[503, 'backendError', true],
				[403, 'forbidden', false],
			],
		);
	});
});
