import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { auth, calendar, type calendar_v3 } from '@googleapis/calendar';

import { FakeGoogleCalendar } from '../fakes/systems/fake-google-calendar';

interface GoogleFailure {
	status?: number;
	message: string;
	response?: { data?: { error?: { errors?: Array<{ reason: string }> } } };
}

/** The official `@googleapis/calendar` client against the fake Google Calendar: the events calls SyncBridge makes, incremental sync and the documented errors. */
describe('@googleapis/calendar against the fake Google Calendar', () => {
	let fake: FakeGoogleCalendar;
	let events: calendar_v3.Resource$Events;
	let api: calendar_v3.Calendar;
	const calendarId = 'primary';
	const slot = (day: number, hour = 9) => ({
		start: { dateTime: `2026-05-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z` },
		end: { dateTime: `2026-05-${String(day).padStart(2, '0')}T${String(hour + 1).padStart(2, '0')}:00:00Z` },
	});

	const rejection = async (
		call: Promise<unknown>,
	): Promise<{ status: number | undefined; reason: string | undefined; message: string }> => {
		try {
			await call;
		} catch (error) {
			const failure = error as GoogleFailure;
			return {
				status: failure.status,
				reason: failure.response?.data?.error?.errors?.[0]?.reason,
				message: failure.message,
			};
		}
		assert.fail('the call succeeded');
	};

	/** Every page of a list, and the sync token of the last one. */
	const listAll = async (
		params: calendar_v3.Params$Resource$Events$List,
	): Promise<{ items: calendar_v3.Schema$Event[]; nextSyncToken: string; pages: number }> => {
		const items: calendar_v3.Schema$Event[] = [];
		let pageToken: string | undefined;
		let pages = 0;
		for (;;) {
			const { data } = await events.list({ calendarId, ...params, pageToken });
			pages += 1;
			items.push(...(data.items ?? []));
			if (data.nextPageToken) {
				assert.equal(data.nextSyncToken, undefined, 'the sync token comes on the last page only');
				pageToken = data.nextPageToken;
				continue;
			}
			assert.ok(data.nextSyncToken);
			return { items, nextSyncToken: data.nextSyncToken, pages };
		}
	};

	before(async () => {
		fake = await new FakeGoogleCalendar().start();
		const client = new auth.OAuth2();
		client.setCredentials({ access_token: fake.accessToken });
		api = calendar({ version: 'v3', auth: client, rootUrl: `${fake.url}/` });
		events = api.events;
	});

	after(() => fake.stop());

	test('insert answers the event with id and etag; a client id must be base32hex and unused (409 duplicate, even once deleted)', async () => {
		const { data: inserted } = await events.insert({
			calendarId,
			requestBody: {
				summary: 'Inspection',
				location: 'Lange Nieuwstraat 12',
				...slot(14),
				extendedProperties: { private: { appAppointmentId: '981' } },
			},
		});
		assert.ok(inserted.id && inserted.etag && inserted.updated);
		assert.equal(inserted.status, 'confirmed');
		const { data: read } = await events.get({ calendarId, eventId: inserted.id });
		assert.deepEqual(
			[read.summary, read.location, read.extendedProperties?.private?.appAppointmentId],
			['Inspection', 'Lange Nieuwstraat 12', '981'],
		);

		const { data: chosen } = await events.insert({
			calendarId,
			requestBody: { id: 'appointment0981', summary: 'Chosen id', ...slot(15) },
		});
		assert.equal(chosen.id, 'appointment0981');
		const duplicate = await rejection(
			events.insert({ calendarId, requestBody: { id: 'appointment0981', summary: 'Again', ...slot(15) } }),
		);
		assert.deepEqual([duplicate.status, duplicate.reason], [409, 'duplicate']);
		await events.delete({ calendarId, eventId: 'appointment0981' });
		assert.equal(
			(await rejection(events.insert({ calendarId, requestBody: { id: 'appointment0981', ...slot(15) } }))).status,
			409,
		);
		assert.equal(
			(await rejection(events.insert({ calendarId, requestBody: { id: 'Appointment_981', ...slot(15) } }))).status,
			400,
		);
		assert.equal((await rejection(events.insert({ calendarId, requestBody: { summary: 'No times' } }))).status, 400);
	});

	test('patch merges nested objects and replaces arrays; update (PUT) replaces the whole event; both change the etag', async () => {
		const { data: event } = await events.insert({
			calendarId,
			requestBody: {
				summary: 'Review',
				location: 'Room 1',
				...slot(16),
				attendees: [{ email: 'a@example.test' }, { email: 'b@example.test' }],
				extendedProperties: { private: { appAppointmentId: '7', source: 'app' } },
			},
		});
		const { data: patched } = await events.patch({
			calendarId,
			eventId: event.id ?? '',
			requestBody: {
				extendedProperties: { private: { appAppointmentId: '8' } },
				attendees: [{ email: 'c@example.test' }],
			},
		});
		assert.deepEqual(patched.extendedProperties?.private, { appAppointmentId: '8', source: 'app' });
		assert.deepEqual(patched.attendees, [{ email: 'c@example.test' }]);
		assert.equal(patched.location, 'Room 1');
		assert.notEqual(patched.etag, event.etag);

		const { data: replaced } = await events.update({
			calendarId,
			eventId: event.id ?? '',
			requestBody: { summary: 'Review (moved)', ...slot(17) },
		});
		assert.deepEqual(
			[replaced.summary, replaced.location, replaced.attendees, replaced.extendedProperties],
			['Review (moved)', undefined, undefined, undefined],
			'what the PUT leaves out is gone',
		);
		assert.deepEqual([replaced.id, replaced.created], [event.id, event.created]);
		assert.notEqual(replaced.etag, patched.etag);
		assert.equal(
			(await rejection(events.update({ calendarId, eventId: event.id ?? '', requestBody: { summary: 'No times' } })))
				.status,
			400,
		);
	});

	test('a stale If-Match is a 412 and changes nothing; the current etag writes; If-None-Match current is a 304', async () => {
		const { data: event } = await events.insert({ calendarId, requestBody: { summary: 'Concurrent', ...slot(18) } });
		const { data: moved } = await events.patch({
			calendarId,
			eventId: event.id ?? '',
			requestBody: { location: 'Moved by a person' },
		});
		const stale = await rejection(
			events.patch(
				{ calendarId, eventId: event.id ?? '', requestBody: { location: 'Overwritten' } },
				{ headers: { 'If-Match': event.etag ?? '' } },
			),
		);
		assert.deepEqual([stale.status, stale.reason], [412, 'conditionNotMet']);
		assert.equal((await events.get({ calendarId, eventId: event.id ?? '' })).data.location, 'Moved by a person');
		assert.equal(
			(
				await rejection(
					events.delete({ calendarId, eventId: event.id ?? '' }, { headers: { 'If-Match': event.etag ?? '' } }),
				)
			).status,
			412,
		);

		const { data: written } = await events.patch(
			{ calendarId, eventId: event.id ?? '', requestBody: { location: 'Agreed' } },
			{ headers: { 'If-Match': moved.etag ?? '' } },
		);
		assert.equal(written.location, 'Agreed');
		const notModified = await events.get(
			{ calendarId, eventId: event.id ?? '' },
			{ headers: { 'If-None-Match': written.etag ?? '' } },
		);
		assert.deepEqual([notModified.status, notModified.data], [304, ''], 'not modified: no body');
	});

	test('a deleted event stays as status "cancelled": hidden from lists unless showDeleted, only its id guaranteed; deleting it again is a 410', async () => {
		const { data: event } = await events.insert({
			calendarId,
			requestBody: { summary: 'To cancel', ...slot(19), extendedProperties: { private: { appAppointmentId: '55' } } },
		});
		const deleted = await events.delete({ calendarId, eventId: event.id ?? '' });
		assert.equal(deleted.status, 204);
		assert.equal((await events.get({ calendarId, eventId: event.id ?? '' })).data.status, 'cancelled');
		assert.equal(
			(await listAll({})).items.some((item) => item.id === event.id),
			false,
		);
		const withDeleted = (await listAll({ showDeleted: true })).items.find((item) => item.id === event.id);
		assert.deepEqual([withDeleted?.id, withDeleted?.status, withDeleted?.summary], [event.id, 'cancelled', undefined]);
		const again = await rejection(events.delete({ calendarId, eventId: event.id ?? '' }));
		assert.deepEqual([again.status, again.reason], [410, 'deleted']);
	});

	test('updatedMin returns what changed since, deletions included whatever showDeleted says; timeMin/timeMax window by event time', async () => {
		const { data: old } = await events.insert({ calendarId, requestBody: { summary: 'Old', ...slot(20) } });
		const { data: gone } = await events.insert({ calendarId, requestBody: { summary: 'Gone', ...slot(21) } });
		const mark = new Date(Date.parse(gone.updated ?? '') + 1).toISOString();
		const { data: fresh } = await events.insert({ calendarId, requestBody: { summary: 'Fresh', ...slot(22) } });
		await events.delete({ calendarId, eventId: gone.id ?? '' });
		const changed = (await listAll({ updatedMin: mark, showDeleted: false })).items;
		assert.deepEqual(
			changed.map((item) => [item.id, item.status]),
			[
				[gone.id, 'cancelled'],
				[fresh.id, 'confirmed'],
			],
		);
		assert.equal(
			changed.some((item) => item.id === old.id),
			false,
		);

		const window = (await listAll({ timeMin: '2026-05-20T09:30:00Z', timeMax: '2026-05-22T09:00:00Z' })).items.map(
			(item) => item.summary,
		);
		assert.deepEqual(
			window,
			['Old'],
			'ends after timeMin, starts before timeMax (both exclusive); the cancelled one is hidden',
		);
		assert.equal(
			(await rejection(events.list({ calendarId, timeMin: '2026-05-20' }))).status,
			400,
			'timeMin needs an RFC3339 timestamp with offset',
		);
	});

	test('syncToken: a full sync pages to nextSyncToken, the next sync returns only the changes (deletions as cancelled), an expired token is a 410', async () => {
		fake.seedEvents(calendarId, 7);
		const full = await listAll({ maxResults: 3 });
		assert.ok(full.pages >= 3);
		const unchanged = await listAll({ syncToken: full.nextSyncToken });
		assert.deepEqual(unchanged.items, [], 'nothing changed');

		const [first, second] = full.items;
		await events.patch({ calendarId, eventId: first.id ?? '', requestBody: { summary: 'Renamed' } });
		await events.delete({ calendarId, eventId: second.id ?? '' });
		const { data: added } = await events.insert({ calendarId, requestBody: { summary: 'Added', ...slot(23) } });
		const incremental = await listAll({ syncToken: unchanged.nextSyncToken, maxResults: 2 });
		assert.deepEqual(
			incremental.items.map((item) => [item.id, item.status, item.summary]),
			[
				[first.id, 'confirmed', 'Renamed'],
				[second.id, 'cancelled', undefined],
				[added.id, 'confirmed', 'Added'],
			],
		);
		assert.deepEqual((await listAll({ syncToken: incremental.nextSyncToken })).items, []);

		const clash = await rejection(
			events.list({ calendarId, syncToken: incremental.nextSyncToken, timeMin: '2026-01-01T00:00:00Z' }),
		);
		assert.equal(clash.status, 400);
		fake.expireSyncTokens();
		const expired = await rejection(events.list({ calendarId, syncToken: incremental.nextSyncToken }));
		assert.deepEqual([expired.status, expired.reason], [410, 'fullSyncRequired']);
		assert.equal((await rejection(events.list({ calendarId, syncToken: 'not-a-token' }))).status, 410);
	});

	test('push notifications: watch opens a channel, channels.stop closes it; documented errors: a bad token 401, a missing event 404', async () => {
		const { data: channel } = await events.watch({
			calendarId,
			requestBody: { id: 'channel-1', type: 'web_hook', address: 'https://n8n.example.test/webhook/google' },
		});
		assert.equal(channel.id, 'channel-1');
		await api.channels.stop({ requestBody: { id: 'channel-1', resourceId: channel.resourceId } });
		assert.equal(fake.channels.size, 0);
		assert.equal(
			(
				await rejection(
					events.watch({
						calendarId,
						requestBody: { id: 'c2', type: 'web_hook', address: 'http://plain.example.test' },
					}),
				)
			).status,
			400,
		);

		const revoked = new auth.OAuth2();
		revoked.setCredentials({ access_token: 'ya29.revoked' });
		assert.equal(
			(await rejection(calendar({ version: 'v3', auth: revoked, rootUrl: `${fake.url}/` }).events.list({ calendarId })))
				.status,
			401,
		);
		assert.equal((await rejection(events.get({ calendarId, eventId: 'nosuchevent' }))).status, 404);
	});
});
