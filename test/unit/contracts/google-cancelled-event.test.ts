import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { connectorTargetRequests, googleCalendar, googleCalendarConnector } from '../../../runtime/connectors';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import { checkBatch } from '../../../runtime/contracts/contract-check';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import { writeItem, type WriteContext } from '../../../runtime/contracts/contract-writer';
import { openStore } from '../../../runtime/contracts/open-store';
import { endpointRequests } from '../../../runtime/contracts/target-endpoint';
import { writeBatch } from '../../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { selectNewRecords, sinceQuery } from '../../../runtime/polling';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { FakeTarget } from '../../fakes/target/fake-target';
import { fetchAll } from '../connectors/connector-client';

describe('a Google event cancelled in the calendar is a deletion in the return flow, not an ordinary event', () => {
	let google: FakeGoogleCalendar;
	let app: FakeTarget;
	let store: ContractStore;
	let ctx: WriteContext;
	const calendar = { calendarId: 'primary' };

	before(async () => {
		google = await new FakeGoogleCalendar().start();
		app = await new FakeTarget().start();
		store = await openStore({ kind: 'sqlite', path: ':memory:' });
		ctx = {
			store,
			client: createResilientClient({
				transport: createFetchTransport(),
				retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
			}),
			target: connectorTargetRequests({
				descriptor: googleCalendarConnector,
				resource: 'events',
				credentials: { baseUrl: google.url, accessToken: google.accessToken },
				pathParameters: calendar,
			}),
			synchronizationId: 'appointments-google',
			configVersion: 'c1',
			mappingVersion: 'm1',
		};
	});

	after(async () => {
		await google.stop();
		await app.stop();
		await store.close();
	});

	it('the poll since the cursor returns the cancelled stub; Deleted Flag Field status=cancelled routes it to Orphaned and the app appointment is deleted', async () => {
		const event = {
			summary: 'Inspection',
			start: { dateTime: '2026-05-14T09:00:00Z' },
			end: { dateTime: '2026-05-14T10:00:00Z' },
		};
		const appointment = { id: 'a-981', ...event };
		app.records.set('a-981', appointment);
		const created = await writeItem(ctx, {
			inboundId: 'a-981',
			hash: canonicalHash(appointment),
			body: event,
			route: 'new',
		});
		assert.equal(created.status, 'created');
		const eventId = created.status === 'created' ? String(created.targetId) : '';

		// The return flow's Polling Trigger has seen the event as created; then a person deletes it in Google.
		const seen = google.calendars.get('primary')?.find((candidate) => candidate.id === eventId);
		const cursor = { value: String(seen?.updated), idsAtValue: [eventId] };
		google.cancelEvent('primary', eventId);

		const query = sinceQuery(googleCalendar.incremental, 'updated', cursor);
		assert.deepEqual(Object.keys(query), ['updatedMin'], 'the server filters');
		const { records } = await fetchAll(googleCalendarConnector, 'events', {
			credentials: { baseUrl: google.url, accessToken: google.accessToken },
			parameters: calendar,
			query,
		});
		const { fresh } = selectNewRecords(records, cursor, { cursorField: 'updated', idPosition: 'id' });
		assert.deepEqual(
			fresh.map((record) => (record as Record<string, unknown>).status),
			['cancelled'],
			'the deletion arrives as a cancelled event with little more than its id',
		);
		const inbound = fresh.map((record) => ({ inboundId: String((record as Record<string, unknown>).id), record }));

		const check = {
			synchronizationId: ctx.synchronizationId,
			configVersion: 'c1',
			mappingVersion: 'm1',
			inboundSide: 'target' as const,
		};
		const asEvent = await checkBatch(store, check, inbound);
		assert.equal(
			asEvent.objects[0].classification.route,
			'changed',
			'without the flag the stub would overwrite the appointment',
		);

		const asDeletion = await checkBatch(store, { ...check, deletedFlagField: 'status=cancelled' }, inbound);
		assert.deepEqual(asDeletion.objects[0].classification, { route: 'orphaned', reason: 'deleted-at-source' });
		const appTarget = endpointRequests(app.endpoint());
		const [outcome] = await writeBatch({ ...ctx, target: appTarget, writeSide: 'origin' }, [
			{ inboundId: eventId, hash: asDeletion.objects[0].hash, body: {}, route: 'orphaned' },
		]);
		assert.equal(outcome.status, 'deleted');
		assert.equal(app.records.has('a-981'), false);
		assert.equal(await store.get(ctx.synchronizationId, 'a-981'), undefined);
	});
});
