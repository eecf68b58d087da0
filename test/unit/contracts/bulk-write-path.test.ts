import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dynamics365Connector, googleCalendarConnector, salesforceConnector } from '../../../runtime/connectors';
import { connectorTargetRequests } from '../../../runtime/connectors/connector-target';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import type { WriteContext, WriteItem } from '../../../runtime/contracts/contract-writer';
import { writeBatch } from '../../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { authorizationCodeToken, clientCredentialsToken } from '../connectors/oauth-grants';
import { dyingAt } from './store-faults';
import { storeFixture, type StoreFixture } from './store-fixtures';

const newItems = (bodies: readonly Record<string, unknown>[], prefix: string): WriteItem[] =>
	bodies.map((body, index) => ({ inboundId: `${prefix}${index}`, hash: canonicalHash(body), body, route: 'new' }));

describe('the chunked write path through the systems’ bulk APIs (SQLite store, official wire formats)', () => {
	let fixture: StoreFixture;
	let store: ContractStore;
	const dataverse = new FakeDynamics365();
	const google = new FakeGoogleCalendar();
	const salesforce = new FakeSalesforce();
	let dataverseToken = '';
	let salesforceCredentials: Record<string, unknown> = {};

	before(async () => {
		fixture = await storeFixture('sqlite', 'bulk-path');
		store = await fixture.reopen();
		await Promise.all([dataverse.start(), google.start(), salesforce.start()]);
		dataverseToken = String((await clientCredentialsToken(dataverse, dataverse.clientSecret)).body.access_token);
		const granted = (await authorizationCodeToken(salesforce)).body;
		salesforceCredentials = { instanceUrl: granted.instance_url, accessToken: granted.access_token };
	});
	after(async () => {
		await Promise.all([dataverse.stop(), google.stop(), salesforce.stop()]);
		await store.close();
		await fixture.cleanup();
	});

	const context = (synchronizationId: string, over: Partial<WriteContext>): WriteContext => ({
		store,
		client: createResilientClient({ transport: createFetchTransport(), sleep: async () => {} }),
		target: connectorTargetRequests({
			descriptor: dynamics365Connector,
			resource: 'contacts',
			credentials: { environmentUrl: dataverse.url, accessToken: dataverseToken },
		}),
		synchronizationId,
		configVersion: '1',
		mappingVersion: '1',
		...over,
	});

	it('Dataverse: 1,200 contacts in one $batch call per chunk of 1,000; a refused record is a dead letter, the rest commit', async () => {
		const bodies = Array.from({ length: 1200 }, (_, index) =>
			index === 700 ? { lastname: 'Bad', no_such_column: 1 } : { firstname: `F${index}`, lastname: `L${index}` },
		);
		const calls = dataverse.requests.length;
		const outcomes = await writeBatch(context('dv-members', {}), newItems(bodies, 'm'), { concurrency: 2 });

		assert.equal(dataverse.requests.length - calls, 2, 'chunks of 1,000 and 200, one $batch call each');
		assert.equal(outcomes.filter((outcome) => outcome.status === 'created').length, 1199);
		const refused = outcomes[700];
		assert.equal(refused.status, 'failed');
		assert.equal(refused.code, 'RECORD_REJECTED');
		assert.equal(refused.httpStatus, 400);
		assert.match(refused.message, /no_such_column/);
		const status = await store.status('dv-members');
		assert.deepEqual([status.contracts, status.deadLetters, status.pendingIntents], [1199, 1, 0]);
		const contract = await store.get('dv-members', 'm42');
		const stored = dataverse.records('contacts').find((record) => record.contactid === contract?.targetId);
		assert.equal(stored?.lastname, 'L42');
	});

	it('Dataverse: a crash between the $batch call and the commit leaves no duplicate after the rerun', async () => {
		const items = newItems(
			Array.from({ length: 300 }, (_, index) => ({ firstname: `C${index}`, lastname: 'Crash' })),
			'c',
		);
		await assert.rejects(
			writeBatch(context('dv-crash', { store: dyingAt(store, 'commitWrites') }), items, { concurrency: 2 }),
			/simulated crash/,
		);
		const crashLoad = () => dataverse.records('contacts').filter((record) => record.lastname === 'Crash').length;
		assert.equal(crashLoad(), 300);

		const rerun = await writeBatch(context('dv-crash', {}), items, { concurrency: 2 });
		assert.ok(rerun.every((outcome) => outcome.status === 'created' && outcome.reconciled));
		assert.equal(crashLoad(), 300, 'the creates were upserts under the same record GUIDs');
		assert.equal((await store.status('dv-crash')).pendingIntents, 0);
	});

	it('Salesforce: 2,500 upserts by external id are one Bulk API 2.0 job; a refused record is a dead letter; a rerun duplicates nothing', async () => {
		const target = connectorTargetRequests({
			descriptor: salesforceConnector,
			resource: 'contacts',
			credentials: salesforceCredentials,
			upsertBy: 'ExternalId__c',
		});
		const bodies = Array.from({ length: 2500 }, (_, index) => ({
			ExternalId__c: `ext-${index}`,
			FirstName: `F${index}`,
			...(index === 1234 ? {} : { LastName: `L${index}` }),
		}));
		const items = newItems(bodies, 's');
		const calls = salesforce.requests.length;
		await assert.rejects(
			writeBatch(context('sf-contacts', { target, store: dyingAt(store, 'commitWrites') }), items, { concurrency: 2 }),
			/simulated crash/,
		);
		const jobCalls = salesforce.requests.length - calls;
		assert.ok(jobCalls <= 8, `one job: open, upload, close, status checks, results (${jobCalls} calls)`);
		assert.equal(salesforce.contacts.length, 2499);

		const rerun = await writeBatch(context('sf-contacts', { target }), items, { concurrency: 2 });
		assert.equal(salesforce.contacts.length, 2499, 'the resent upserts found the records the first job made');
		const refused = rerun[1234];
		assert.equal(refused.status, 'failed');
		assert.equal(refused.code, 'RECORD_REJECTED');
		assert.match(refused.message, /REQUIRED_FIELD_MISSING/);
		assert.equal(rerun.filter((outcome) => outcome.status === 'created' && outcome.reconciled).length, 2499);
		const status = await store.status('sf-contacts');
		assert.deepEqual([status.contracts, status.deadLetters, status.pendingIntents], [2499, 1, 0]);
		assert.equal((await store.get('sf-contacts', 's7'))?.targetId, 'ext-7', 'the external id is the target id');
	});

	it('Google Calendar: events in batch calls of 50 under ids derived from their objects; a rerun reconciles', async () => {
		const target = connectorTargetRequests({
			descriptor: googleCalendarConnector,
			resource: 'events',
			credentials: { baseUrl: google.url, accessToken: google.accessToken },
			pathParameters: { calendarId: 'primary' },
		});
		const items = newItems(
			Array.from({ length: 120 }, (_, index) => ({
				summary: `Appointment ${index}`,
				start: { dateTime: '2026-07-01T09:00:00Z' },
				end: { dateTime: '2026-07-01T10:00:00Z' },
			})),
			'a',
		);
		const batchCalls = () => google.requestsTo('/batch/calendar/v3', 'POST').length;
		const events = () => google.calendars.get('primary') ?? [];
		const before = batchCalls();
		await assert.rejects(
			writeBatch(context('appointments', { target, store: dyingAt(store, 'commitWrites') }), items, { concurrency: 2 }),
			/simulated crash/,
		);
		assert.equal(batchCalls() - before, 3);
		assert.equal(events().length, 120);

		const rerun = await writeBatch(context('appointments', { target }), items, { concurrency: 2 });
		assert.ok(rerun.every((outcome) => outcome.status === 'created' && outcome.reconciled));
		assert.equal(events().length, 120, 'no event was created twice');
		const contract = await store.get('appointments', 'a7');
		assert.equal(events().find((event) => event.id === contract?.targetId)?.summary, 'Appointment 7');
	});
});
