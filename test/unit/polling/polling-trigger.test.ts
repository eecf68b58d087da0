import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { SyncBridgePollingTrigger } from '../../../nodes/SyncBridgePollingTrigger/SyncBridgePollingTrigger.node';
import { FakeCityCalendar } from '../../fakes/systems/fake-city-calendar';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { pollContext, type Credentials } from '../connector-nodes/fake-n8n-context';

const trigger = new SyncBridgePollingTrigger();
const ids = (result: INodeExecutionData[][] | null, field = 'Id') =>
	result === null ? [] : result[0].map((item) => String(item.json[field]));

describe('SyncBridge Polling Trigger: Salesforce by LastModifiedDate', () => {
	const salesforce = new FakeSalesforce();
	let credentials: Credentials;
	const staticData: IDataObject = {};
	const parameters = {
		source: 'salesforce',
		resource: '',
		cursorField: '',
		idField: '',
		sobject: 'Contact',
		salesforceFields: 'LastName, Email',
		pathParameters: '{}',
		queryJson: '{}',
		firstRun: 'all',
		maxAttempts: 1,
	};
	const poll = async (data = staticData, mode: 'trigger' | 'manual' = 'trigger') => {
		const { context, sent } = pollContext(parameters, credentials, data, mode);
		return { result: await trigger.poll.call(context), sent };
	};
	before(async () => {
		await salesforce.start();
		salesforce.batchSize = 2;
		salesforce.seedContacts(5);
		credentials = {
			syncBridgeSalesforceOAuth2Api: { instanceUrl: salesforce.url, accessToken: salesforce.accessToken },
		};
	});
	after(() => salesforce.stop());

	it('first poll emits every contact (first run: all) across SOQL pages, oldest first', async () => {
		const { result, sent } = await poll();
		assert.deepEqual(
			ids(result),
			salesforce.contacts.map((contact) => contact.Id),
		);
		assert.equal(sent.length, 3);
		assert.match(
			decodeURIComponent(sent[0].url.replace(/\+/g, ' ')),
			/WHERE LastModifiedDate > 1970-01-01T00:00:00Z ORDER BY LastModifiedDate ASC/,
		);
		assert.equal((staticData.cursor as IDataObject).value, '2024-01-01T00:05:00.000+0000');
	});

	it('second poll emits only the changed and the new contact, asking from just before the cursor', async () => {
		salesforce.touch(salesforce.contacts[1], { Email: 'changed@example.test' });
		salesforce.seedContacts(1);
		const { result, sent } = await poll();
		assert.deepEqual(ids(result), [salesforce.contacts[1].Id, salesforce.contacts[5].Id]);
		assert.match(decodeURIComponent(sent[0].url.replace(/\+/g, ' ')), /LastModifiedDate > 2024-01-01T00:04:59Z/);
		const nothing = await poll();
		assert.equal(nothing.result, null, 'nothing new, nothing emitted');
	});

	it('a failed page leaves the cursor where it was; the next poll emits the records then', async () => {
		salesforce.seedContacts(3);
		const before = structuredClone(staticData);
		salesforce.inject({ status: 500, pathIncludes: '/query/', times: 1 });
		await assert.rejects(poll(), /Salesforce is unavailable/);
		assert.deepEqual(staticData, before, 'cursor not advanced');
		const { result } = await poll();
		assert.deepEqual(
			ids(result),
			salesforce.contacts.slice(6).map((contact) => contact.Id),
		);
	});

	it('a manual test run does not move the cursor', async () => {
		salesforce.seedContacts(1);
		const before = structuredClone(staticData);
		const { result } = await poll(staticData, 'manual');
		assert.equal(ids(result).length, 1);
		assert.deepEqual(staticData, before);
		assert.equal(ids((await poll()).result).length, 1);
	});
});

describe('SyncBridge Polling Trigger: Stripe created, first run only new', () => {
	const stripe = new FakeStripe();
	let credentials: Credentials;
	const staticData: IDataObject = {};
	const parameters = {
		source: 'stripe',
		resource: '',
		cursorField: '',
		idField: '',
		pathParameters: '{}',
		queryJson: '{}',
		firstRun: 'new',
		maxAttempts: 1,
	};
	before(async () => {
		await stripe.start();
		stripe.seedCustomers(120);
		credentials = { syncBridgeStripeApi: { secretKey: stripe.secretKey, baseUrl: stripe.url } };
	});
	after(() => stripe.stop());
	const poll = async () => {
		const { context, sent } = pollContext(parameters, credentials, staticData);
		return { result: await trigger.poll.call(context), sent };
	};

	it('remembers where Stripe is on the first poll, then emits exactly the customers created since', async () => {
		const first = await poll();
		assert.equal(first.result, null);
		assert.equal(first.sent.length, 2, 'all pages read before the cursor is set');
		assert.equal((staticData.cursor as IDataObject).value, stripe.customers[119].created);
		stripe.seedCustomers(3);
		const second = await poll();
		assert.deepEqual(
			ids(second.result, 'id'),
			stripe.customers.slice(120).map((customer) => customer.id),
		);
		assert.match(second.sent[0].url, /created%5Bgte%5D=/);
		assert.equal((await poll()).result, null);
	});
});

describe('SyncBridge Polling Trigger: generic descriptor', () => {
	const city = new FakeCityCalendar();
	const staticData: IDataObject = {};
	let credentials: Credentials;
	before(async () => {
		await city.start();
		city.seedEvents(3);
		credentials = { syncBridgeApiKeyApi: { baseUrl: city.url, headerName: 'X-API-Key', apiKey: city.apiKey } };
	});
	after(() => city.stop());

	it('polls a user descriptor with a text cursor and emits new records only', async () => {
		const descriptor = {
			id: 'city-feed',
			displayName: 'City Feed',
			baseUrl: '{{baseUrl}}',
			auth: { kind: 'apiKeyHeader', name: 'X-API-Key', field: 'apiKey' },
			pagination: { style: 'page', param: 'page', sizeParam: 'per_page', size: 2 },
			resources: {
				events: { displayName: 'Event', idPosition: 'id', operations: { list: { method: 'GET', path: '/events' } } },
			},
		};
		const parameters = {
			source: 'generic',
			descriptorJson: JSON.stringify(descriptor),
			authentication: 'syncBridgeApiKeyApi',
			resource: '',
			cursorField: 'id',
			idField: '',
			pathParameters: '{}',
			queryJson: '{}',
			firstRun: 'all',
			maxAttempts: 1,
		};
		const poll = () => trigger.poll.call(pollContext(parameters, credentials, staticData).context);
		assert.deepEqual(ids(await poll(), 'id'), ['ev-00001', 'ev-00002', 'ev-00003']);
		city.seedEvents(2);
		assert.deepEqual(ids(await poll(), 'id'), ['ev-00004', 'ev-00005']);
		await assert.rejects(
			trigger.poll.call(pollContext({ ...parameters, descriptorJson: '{}' }, credentials, {}).context),
			/Invalid connector descriptor/,
		);
	});
});

describe('SyncBridge Polling Trigger: Dynamics 365 modifiedon with records sharing a timestamp', () => {
	const dynamics = new FakeDynamics365();
	const staticData: IDataObject = {};
	let credentials: Credentials;
	before(async () => {
		await dynamics.start();
		dynamics.issuedTokens.add('token');
		credentials = { syncBridgeDynamics365OAuth2Api: { environmentUrl: dynamics.url, accessToken: 'token' } };
	});
	after(() => dynamics.stop());

	it('emits every record once even when several share the cursor timestamp', async () => {
		const parameters = {
			source: 'dynamics365',
			resource: 'contacts',
			cursorField: '',
			idField: '',
			pathParameters: '{}',
			queryJson: '{}',
			firstRun: 'all',
			maxAttempts: 1,
		};
		const poll = () => pollContext(parameters, credentials, staticData);
		const stamp = '2025-05-01T10:00:00.000Z';
		const first = dynamics
			.seed('contacts', [{ fullname: 'A' }, { fullname: 'B' }])
			.map((record) => Object.assign(record, { modifiedon: stamp }));
		const one = poll();
		assert.deepEqual(
			ids(await trigger.poll.call(one.context), 'contactid'),
			first.map((record) => String(record.contactid)),
		);
		assert.match(decodeURIComponent(one.sent[0].url), /^[^$]*$/, 'no filter before the first cursor');
		// A third record written in the same millisecond, seen only now.
		const late = dynamics
			.seed('contacts', [{ fullname: 'C' }])
			.map((record) => Object.assign(record, { modifiedon: stamp }));
		const two = poll();
		assert.deepEqual(ids(await trigger.poll.call(two.context), 'contactid'), [String(late[0].contactid)]);
		assert.match(decodeURIComponent(two.sent[0].url), /\$filter=modifiedon\+ge\+2025-05-01T10:00:00.000Z/);
		assert.equal(await trigger.poll.call(poll().context), null);
		assert.equal(((staticData.cursor as IDataObject).idsAtValue as string[]).length, 3);
	});
});

describe('SyncBridge Polling Trigger: Google Calendar by sync token, a full resync on 410', () => {
	const google = new FakeGoogleCalendar();
	const staticData: IDataObject = {};
	let credentials: Credentials;
	const parameters = {
		source: 'google-calendar',
		resource: '',
		cursorField: '',
		idField: '',
		pathParameters: '{"calendarId": "primary"}',
		queryJson: '{}',
		firstRun: 'all',
		maxAttempts: 1,
	};
	const poll = async () => {
		const { context, sent } = pollContext(parameters, credentials, staticData);
		return { result: await trigger.poll.call(context), sent };
	};
	const query = (url: string) => Object.fromEntries(new URL(url).searchParams);
	const edit = (eventId: string, fields: Record<string, unknown>) =>
		fetch(`${google.url}/calendar/v3/calendars/primary/events/${eventId}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${google.accessToken}`, 'content-type': 'application/json' },
			body: JSON.stringify(fields),
		});
	before(async () => {
		await google.start();
		google.seedEvents('primary', 3);
		credentials = { syncBridgeGoogleCalendarOAuth2Api: { baseUrl: google.url, accessToken: google.accessToken } };
	});
	after(() => google.stop());

	it('the first poll lists every event and keeps the nextSyncToken of the complete list', async () => {
		const { result, sent } = await poll();
		assert.deepEqual(
			ids(result, 'id'),
			google.liveEvents().map((event) => event.id),
		);
		assert.equal(query(sent[0].url).syncToken, undefined);
		assert.equal(typeof staticData.syncToken, 'string');
	});

	it('the next poll sends only the token and emits what changed, a cancelled event included', async () => {
		const [first, second] = google.liveEvents();
		google.cancelEvent('primary', first.id);
		await edit(second.id, { summary: 'Moved inspection' });
		const token = staticData.syncToken;
		const { result, sent } = await poll();
		assert.deepEqual(
			query(sent[0].url),
			{ maxResults: '250', syncToken: String(token) },
			'no updatedMin beside the token',
		);
		assert.deepEqual(
			result?.[0].map((item) => [item.json.id, item.json.status]),
			[
				[first.id, 'cancelled'],
				[second.id, 'confirmed'],
			],
		);
		assert.notEqual(staticData.syncToken, token, "the new list's token is kept");
		assert.equal((await poll()).result, null, 'no change, nothing emitted');
	});

	it('an expired token (410) is dropped: the list is read again from the cursor with updatedMin, and a new token kept', async () => {
		const third = google.liveEvents()[1];
		await edit(third.id, { location: 'Room 3' });
		google.expireSyncTokens();
		const { result, sent } = await poll();
		assert.equal(sent.length, 2, 'the 410, then the resync');
		assert.ok(query(sent[0].url).syncToken);
		assert.ok(query(sent[1].url).updatedMin, 'the resync is filtered by the cursor on the server');
		assert.equal(query(sent[1].url).syncToken, undefined);
		assert.deepEqual(ids(result, 'id'), [third.id]);
		const { sent: next } = await poll();
		assert.ok(query(next[0].url).syncToken, 'back on the change feed');
	});
});
