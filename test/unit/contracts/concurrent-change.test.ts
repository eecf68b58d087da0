import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { connectorTargetRequests, dynamics365Connector, googleCalendarConnector } from '../../../runtime/connectors';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import { writeItem, type WriteContext, type WriteItem } from '../../../runtime/contracts/contract-writer';
import { openStore } from '../../../runtime/contracts/open-store';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import type { Transport } from '../../../runtime/http/transport';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { clientCredentialsToken } from '../connectors/oauth-grants';

/** A person's edit lands in the system right after SyncBridge's conflict read, before its update. */
function editAfterRead(edit: () => unknown, times = 1): Transport {
	const fetchTransport = createFetchTransport();
	let left = times;
	return {
		async request(request) {
			const response = await fetchTransport.request(request);
			if (request.method === 'GET' && left > 0) {
				left -= 1;
				await edit();
			}
			return response;
		},
	};
}

const volatileFields = ['@odata.etag', '@odata.context', 'contactid', 'modifiedon', 'versionnumber'];

function item(inboundId: string, body: Record<string, unknown>, route: WriteItem['route']): WriteItem {
	return { inboundId, hash: canonicalHash(body), body, route };
}

let store: ContractStore;
before(async () => {
	store = await openStore({ kind: 'sqlite', path: ':memory:' });
});
after(() => store.close());

describe('a 412 is a concurrent change: re-read, settled by the conflict policy, never overwritten blindly', () => {
	const dataverse = new FakeDynamics365();
	let credentials: Record<string, unknown>;
	let sync = 0;
	before(async () => {
		await dataverse.start();
		const token = await clientCredentialsToken(dataverse, dataverse.clientSecret);
		credentials = { environmentUrl: dataverse.url, accessToken: token.body.access_token };
	});
	after(() => dataverse.stop());

	function context(transport: Transport = createFetchTransport()): WriteContext {
		return {
			store,
			client: createResilientClient({ transport, retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 } }),
			target: connectorTargetRequests({ descriptor: dynamics365Connector, resource: 'contacts', credentials }),
			synchronizationId: `concurrent-${++sync}`,
			configVersion: 'c1',
			mappingVersion: 'm1',
			volatileFields,
		};
	}

	/** A contact SyncBridge created for `inboundId`, and its id. */
	async function created(ctx: WriteContext, inboundId: string, body: Record<string, unknown>): Promise<string> {
		const outcome = await writeItem(ctx, item(inboundId, body, 'new'));
		assert.equal(outcome.status, 'created');
		return outcome.status === 'created' ? String(outcome.targetId) : '';
	}

	const patches = (id: string) => dataverse.requestsTo(`/api/data/v9.2/contacts(${id})`, 'PATCH');

	it('without a concurrent change the update carries the etag of its read, not If-Match: *', async () => {
		const ctx = { ...context(), conflictPolicy: { default: 'origin' as const } };
		const id = await created(ctx, 'a-1', { firstname: 'Ada', lastname: 'Lovelace' });
		const outcome = await writeItem(ctx, item('a-1', { firstname: 'Ada', lastname: 'King' }, 'changed'));
		assert.equal(outcome.status, 'updated');
		const [patch] = patches(id);
		assert.match(String(patch.headers['if-match']), /^W\/"\d+"$/, "the record's etag as the read answered it");
	});

	it("a change between the read and the update: 412, read again, the merge sent under the new etag, the person's field kept", async () => {
		let id = '';
		const ctx = {
			...context(editAfterRead(() => dataverse.edit('contacts', id, { telephone1: '+31 20 555 0101' }))),
			conflictPolicy: { default: 'origin' as const },
		};
		id = await created({ ...ctx, client: context().client }, 'a-2', { firstname: 'Grace', lastname: 'Hopper' });

		const outcome = await writeItem(ctx, item('a-2', { firstname: 'Grace', lastname: 'Hopper-Murray' }, 'changed'));
		assert.equal(outcome.status, 'updated');
		const sent = patches(id);
		assert.equal(sent.length, 2, 'the first update is answered 412, the second goes through');
		assert.notEqual(
			sent[0].headers['if-match'],
			sent[1].headers['if-match'],
			'each update carries the etag of the read before it',
		);
		const contact = dataverse.records('contacts').find((record) => record.contactid === id);
		assert.equal(contact?.lastname, 'Hopper-Murray');
		assert.equal(contact?.telephone1, '+31 20 555 0101', 'the concurrent edit survives');
		assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 0);
	});

	it('a concurrent change of a parked field: re-read, parked, nothing written and no intent left', async () => {
		let id = '';
		const ctx = {
			...context(editAfterRead(() => dataverse.edit('contacts', id, { telephone1: '+31 20 555 0199' }))),
			conflictPolicy: { default: 'origin' as const, fields: { telephone1: 'park' as const } },
		};
		id = await created({ ...ctx, client: context().client }, 'a-3', {
			firstname: 'Edsger',
			lastname: 'Dijkstra',
			telephone1: '+31 20 555 0100',
		});

		const outcome = await writeItem(
			ctx,
			item('a-3', { firstname: 'Edsger', lastname: 'Dijkstra-Renamed', telephone1: '+31 20 555 0100' }, 'changed'),
		);
		assert.deepEqual(outcome.status === 'parked' && outcome.fields, ['telephone1']);
		assert.equal(patches(id).length, 1, 'only the update answered 412 went out');
		const contact = dataverse.records('contacts').find((record) => record.contactid === id);
		assert.deepEqual([contact?.lastname, contact?.telephone1], ['Dijkstra', '+31 20 555 0199']);
		assert.equal(await store.getIntent(ctx.synchronizationId, 'target', 'a-3'), undefined);
	});

	it("an object that changes on every read ends, after three rounds, as a dead letter with Dataverse's 412 message", async () => {
		let id = '';
		let edits = 0;
		const ctx = {
			...context(editAfterRead(() => dataverse.edit('contacts', id, { telephone1: `+31 20 555 01${++edits}` }), 10)),
			conflictPolicy: { default: 'origin' as const },
		};
		id = await created({ ...ctx, client: context().client }, 'a-4', { firstname: 'Alan', lastname: 'Turing' });

		const outcome = await writeItem(ctx, item('a-4', { firstname: 'Alan', lastname: 'Turing-Changed' }, 'changed'));
		assert.deepEqual(outcome.status === 'failed' && { httpStatus: outcome.httpStatus, message: outcome.message }, {
			httpStatus: 412,
			message:
				"Microsoft Dynamics 365 (Dataverse) answered HTTP 412: The version of the existing record doesn't match the RowVersion property provided.",
		});
		assert.equal(patches(id).length, 3);
		assert.equal(dataverse.records('contacts').find((record) => record.contactid === id)?.lastname, 'Turing');
		assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 1);
	});

	it('without a conflict policy nothing is read: the update keeps If-Match: * (update only, never an upsert)', async () => {
		const ctx = context();
		const id = await created(ctx, 'a-5', { firstname: 'Barbara', lastname: 'Liskov' });
		const outcome = await writeItem(ctx, item('a-5', { firstname: 'Barbara', lastname: 'Liskov-Changed' }, 'changed'));
		assert.equal(outcome.status, 'updated');
		assert.equal(patches(id)[0].headers['if-match'], '*');
	});
});

describe('Google Calendar: an event update carries the etag of its read', () => {
	const google = new FakeGoogleCalendar();
	before(() => google.start());
	after(() => google.stop());

	it('a change in the calendar between read and update: 412, read again, the update re-sent under the new etag', async () => {
		const credentials = { baseUrl: google.url, accessToken: google.accessToken };
		const target = connectorTargetRequests({
			descriptor: googleCalendarConnector,
			resource: 'events',
			credentials,
			pathParameters: { calendarId: 'primary' },
		});
		let eventId = '';
		// A person moves the event to another room in the calendar.
		const personEdits = () =>
			fetch(`${google.url}/calendar/v3/calendars/primary/events/${eventId}`, {
				method: 'PATCH',
				headers: { authorization: `Bearer ${google.accessToken}`, 'content-type': 'application/json' },
				body: JSON.stringify({ location: 'Room 2' }),
			});
		const client = (transport: Transport) =>
			createResilientClient({ transport, retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 } });
		const ctx: WriteContext = {
			store,
			client: client(createFetchTransport()),
			target,
			synchronizationId: 'google-etag',
			configVersion: 'c1',
			mappingVersion: 'm1',
			volatileFields: [
				'etag',
				'updated',
				'created',
				'kind',
				'id',
				'iCalUID',
				'htmlLink',
				'status',
				'sequence',
				'creator',
				'organizer',
				'reminders',
				'eventType',
			],
			conflictPolicy: { default: 'origin' },
		};
		const body = {
			summary: 'Inspection',
			start: { dateTime: '2026-03-02T09:00:00+01:00' },
			end: { dateTime: '2026-03-02T10:00:00+01:00' },
		};
		const created = await writeItem(ctx, item('appointment-1', body, 'new'));
		eventId = created.status === 'created' ? String(created.targetId) : '';

		const outcome = await writeItem(
			{ ...ctx, client: client(editAfterRead(personEdits)) },
			item('appointment-1', { ...body, summary: 'Inspection (moved)' }, 'changed'),
		);
		assert.equal(outcome.status, 'updated');
		const sent = google
			.requestsTo(`/calendar/v3/calendars/primary/events/${eventId}`, 'PATCH')
			.filter((request) => request.headers['if-match'] !== undefined);
		assert.equal(sent.length, 2, 'the first is answered 412');
		const [event] = google.liveEvents().filter((candidate) => candidate.id === eventId);
		assert.equal(event.summary, 'Inspection (moved)');
		assert.equal((event as unknown as Record<string, unknown>).location, 'Room 2', "the person's change survives");
	});
});
