import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';

import type { BulkWrite, BulkWriter } from '../../../runtime/contracts/bulk-write';
import { UnsupportedWriteError } from '../../../runtime/contracts/target-requests';
import { connectorTargetRequests, salesforceConnector, SALESFORCE_API_VERSION } from '../../../runtime/connectors';
import { salesforceCollectionsWriter } from '../../../runtime/connectors/bulk/salesforce-collections';
import { PermanentHttpError } from '../../../runtime/http/errors';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { authorizationCodeToken } from './oauth-grants';

const EXTERNAL_ID = 'ExternalId__c';
const COMPOSITE = `/services/data/${SALESFORCE_API_VERSION}/composite/sobjects`;
const JOBS = `/services/data/${SALESFORCE_API_VERSION}/jobs/ingest`;

const client = createResilientClient({
	transport: createFetchTransport(),
	retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 10_000 },
});
const send = (writer: BulkWriter, writes: BulkWrite[]) => writer.send(client, writes, { concurrency: 4 });

let run = 0;
/** New contacts of one test: external ids no other test uses. */
function creates(count: number, fields: (index: number) => Record<string, unknown> = () => ({})): BulkWrite[] {
	run += 1;
	return Array.from({ length: count }, (_, index) => {
		const key = `bulk-${run}-${index}`;
		return {
			action: 'create',
			body: { [EXTERNAL_ID]: key, LastName: `Last ${index}`, ...fields(index) },
			objectKey: key,
		};
	});
}

describe('Salesforce bulk writes (sObject Collections, Bulk API 2.0) against the fake Salesforce', () => {
	const salesforce = new FakeSalesforce();
	let credentials: Record<string, unknown>;
	const upserting = () =>
		connectorTargetRequests({
			descriptor: salesforceConnector,
			resource: 'contacts',
			credentials,
			upsertBy: EXTERNAL_ID,
		}).bulk as BulkWriter;
	const withJobFrom = (jobFrom: number) =>
		salesforceCollectionsWriter(
			{ descriptor: salesforceConnector, resource: 'contacts', credentials, upsertBy: EXTERNAL_ID },
			{ format: 'salesforceCollections', sobject: 'Contact', maxPerCall: 200, jobFrom },
			{ pollIntervalMs: 1 },
		);
	const stored = (key: string) => salesforce.contacts.filter((contact) => contact.ExternalId__c === key);

	before(async () => {
		await salesforce.start();
		const granted = (await authorizationCodeToken(salesforce)).body as { access_token: string; instance_url: string };
		credentials = { instanceUrl: granted.instance_url, accessToken: granted.access_token };
	});
	after(() => salesforce.stop());
	beforeEach(() => {
		salesforce.ingest.pollsInProgress = 0;
		salesforce.lockedIds.clear();
	});

	it('450 upserts by external id go in 3 calls of at most 200 records; one result per write, in order, its id the external id', async () => {
		const writer = upserting();
		assert.deepEqual(writer.actions, ['create', 'update']);
		const writes = creates(450);
		const calls = salesforce.apiCalls;
		const results = await send(writer, writes);

		assert.equal(salesforce.apiCalls - calls, 3);
		const sent = salesforce.requests.slice(-3).map((request) => ({
			method: request.method,
			path: new URL(request.url, 'http://x').pathname,
			records: (JSON.parse(request.body) as { allOrNone: boolean; records: unknown[] }).records.length,
			allOrNone: (JSON.parse(request.body) as { allOrNone: boolean }).allOrNone,
		}));
		assert.deepEqual(
			sent.map((call) => call.records).sort((a, b) => b - a),
			[200, 200, 50],
		);
		assert.ok(sent.every((call) => call.method === 'PATCH' && call.path === `${COMPOSITE}/Contact/${EXTERNAL_ID}`));
		assert.ok(sent.every((call) => call.allOrNone === false));
		assert.deepEqual(
			results,
			writes.map((write) => ({ ok: true, id: write.body[EXTERNAL_ID] })),
		);
		assert.equal(stored(String(writes[449].body[EXTERNAL_ID]))[0].LastName, 'Last 449');
	});

	it("a record without LastName fails alone, in Salesforce's words; the others are written", async () => {
		const writes = creates(5, (index) => (index === 2 ? { LastName: undefined, FirstName: 'Nameless' } : {}));
		const results = await send(upserting(), writes);
		assert.deepEqual(results[2], {
			ok: false,
			status: 400,
			code: 'REQUIRED_FIELD_MISSING',
			message: 'Required fields are missing: [LastName]',
			transient: false,
		});
		assert.deepEqual(
			results.map((result) => result.ok),
			[true, true, false, true, true],
		);
		assert.equal(stored(String(writes[2].body[EXTERNAL_ID])).length, 0);
		assert.equal(stored(String(writes[4].body[EXTERNAL_ID])).length, 1);
	});

	it('a rerun after a crash sends the same creates again: Salesforce updates what the first run made, no duplicates', async () => {
		const writes = creates(250);
		await send(upserting(), writes);
		const count = salesforce.contacts.length;
		const again = await send(upserting(), writes);
		assert.equal(salesforce.contacts.length, count, 'no contact created twice');
		assert.deepEqual(
			again,
			writes.map((write) => ({ ok: true, id: write.body[EXTERNAL_ID], reconciled: true })),
		);
	});

	it('an update upserts by the external id the contract holds; a record another transaction locks fails transiently', async () => {
		const [first, second] = creates(2);
		await send(upserting(), [first, second]);
		const lockedKey = String(second.body[EXTERNAL_ID]);
		salesforce.lockedIds.add(stored(lockedKey)[0].Id);
		const results = await send(upserting(), [
			{ ...first, action: 'update', id: String(first.body[EXTERNAL_ID]), body: { LastName: 'Renamed', Email: null } },
			{ ...second, action: 'update', id: lockedKey, body: { LastName: 'Blocked' } },
		]);
		assert.deepEqual(results[0], { ok: true, id: first.body[EXTERNAL_ID] });
		assert.deepEqual(results[1].ok === false && [results[1].code, results[1].transient], ['UNABLE_TO_LOCK_ROW', true]);
		assert.deepEqual(
			[stored(String(first.body[EXTERNAL_ID]))[0].LastName, stored(lockedKey)[0].LastName],
			['Renamed', 'Last 1'],
		);
	});

	it('a write without the external id fails alone and is not sent', async () => {
		const [kept, keyless] = creates(2);
		delete keyless.body[EXTERNAL_ID];
		const results = await send(upserting(), [kept, keyless]);
		assert.deepEqual(results[1], {
			ok: false,
			status: 400,
			code: 'MISSING_TARGET_ID',
			message: `The item has no "${EXTERNAL_ID}" to upsert by`,
			transient: false,
		});
		const body = JSON.parse(salesforce.requests.at(-1)?.body ?? '{}') as { records: unknown[] };
		assert.equal(body.records.length, 1);
	});

	it('a 429 and a 503 on a call are retried by the client: every record written once', async () => {
		salesforce.inject({ status: 429, retryAfter: 0, pathIncludes: '/composite/sobjects' });
		salesforce.inject({ status: 503, pathIncludes: '/composite/sobjects' });
		const before = salesforce.requestsTo(COMPOSITE).length;
		const writes = creates(300);
		const results = await send(upserting(), writes);
		assert.ok(results.every((result) => result.ok));
		assert.equal(
			salesforce.requestsTo(COMPOSITE).length - before,
			4,
			'two calls, two of them answered once with a fault',
		);
		assert.ok(writes.every((write) => stored(String(write.body[EXTERNAL_ID])).length === 1));
	});

	it('a call Salesforce refuses whole (a field Contact does not have) rejects with the typed error', async () => {
		const writes = creates(3, () => ({ Emial: 'typo@example.test' }));
		await assert.rejects(send(upserting(), writes), (error: unknown) => {
			assert.ok(error instanceof PermanentHttpError);
			assert.equal(error.status, 400);
			return true;
		});
	});

	it('without an external id only updates and deletes go in bulk, by Salesforce Id; a deleted record reads as gone', async () => {
		const writer = connectorTargetRequests({ descriptor: salesforceConnector, resource: 'contacts', credentials })
			.bulk as BulkWriter;
		assert.deepEqual(writer.actions, ['update', 'delete']);
		await assert.rejects(send(writer, creates(2)), UnsupportedWriteError);

		const [first, second, third] = salesforce.seedContacts(3);
		const removed = await send(writer, [
			{ action: 'delete', id: third.Id, body: {}, objectKey: 'c' },
			{ action: 'delete', id: '003FAKE99999999999', body: {}, objectKey: 'd' },
		]);
		assert.deepEqual(removed[0], { ok: true, id: third.Id });
		assert.deepEqual(removed[1].ok === false && [removed[1].code, removed[1].transient], [
			'INVALID_CROSS_REFERENCE_KEY',
			false,
		]);
		const results = await send(writer, [
			{ action: 'update', id: first.Id, body: { Email: 'first@example.test' }, objectKey: 'a' },
			{ action: 'update', id: second.Id, body: { LastName: null }, objectKey: 'b' },
			{ action: 'update', id: third.Id, body: { LastName: 'Back' }, objectKey: 'c' },
			{ action: 'delete', id: third.Id, body: {}, objectKey: 'c' },
		]);
		assert.deepEqual(results[0], { ok: true, id: first.Id });
		assert.deepEqual(results[1].ok === false && [results[1].status, results[1].code], [400, 'REQUIRED_FIELD_MISSING']);
		assert.deepEqual(results[2].ok === false && [results[2].status, results[2].code], [404, 'ENTITY_IS_DELETED']);
		assert.deepEqual(results[3], { ok: true, id: third.Id }, 'deleting a deleted record is done');
		assert.equal(first.Email, 'first@example.test');
	});

	it('from jobFrom writes, upserts go in one Bulk API 2.0 job; CSV quotes, commas, newlines and nulls arrive intact', async () => {
		const existing = salesforce.addContact({ LastName: 'Before', Phone: '+47 22 00 00 00', ExternalId__c: 'job-a' });
		salesforce.ingest.pollsInProgress = 2;
		const writes: BulkWrite[] = [
			...creates(8),
			{ action: 'create', body: { [EXTERNAL_ID]: 'job-a', LastName: 'After', Phone: null }, objectKey: 'a' },
			{
				action: 'create',
				body: {
					[EXTERNAL_ID]: 'job-b',
					LastName: 'Quote "Q", comma',
					Description: 'line one\nline two',
					HasOptedOutOfEmail: true,
				},
				objectKey: 'b',
			},
			{ action: 'create', body: { [EXTERNAL_ID]: 'job-c', FirstName: 'Nameless' }, objectKey: 'c' },
		];
		const calls = salesforce.apiCalls;
		const results = await send(withJobFrom(10), writes);

		// Open, upload, close, three looks at the state (two InProgress), successful and failed results.
		assert.equal(salesforce.apiCalls - calls, 8);
		const [job] = [...salesforce.ingest.jobs.values()].slice(-1);
		assert.deepEqual([job.operation, job.externalIdFieldName, job.lineEnding], ['upsert', EXTERNAL_ID, 'LF']);
		const upload = salesforce.requestsTo(`${JOBS}/${job.id}/batches`, 'PUT')[0];
		assert.equal(upload.headers['content-type'], 'text/csv');
		assert.ok(!upload.body.includes('\r\n'), 'LF line ends, as the job says');

		assert.deepEqual(
			results.slice(0, 8),
			writes.slice(0, 8).map((write) => ({ ok: true, id: write.body[EXTERNAL_ID] })),
		);
		assert.deepEqual(results[8], { ok: true, id: 'job-a', reconciled: true });
		assert.deepEqual(results[9], { ok: true, id: 'job-b' });
		assert.deepEqual(results[10], {
			ok: false,
			status: 400,
			code: 'REQUIRED_FIELD_MISSING',
			message: 'Required fields are missing: [LastName]',
			transient: false,
		});
		assert.deepEqual([existing.LastName, existing.Phone], ['After', null]);
		const [quoted] = stored('job-b');
		assert.deepEqual(
			[quoted.LastName, quoted.Description, quoted.HasOptedOutOfEmail],
			['Quote "Q", comma', 'line one\nline two', true],
		);
		assert.equal(stored('job-c').length, 0);
	});

	it('a job that fails midway: the records it processed are answered, the rest are transient failures to send again', async () => {
		salesforce.ingest.failNextJob = { afterRecords: 3, message: 'InternalServerError : Max retries exceeded' };
		const writes = creates(5);
		const results = await send(withJobFrom(5), writes);
		assert.deepEqual(
			results.slice(0, 3),
			writes.slice(0, 3).map((write) => ({ ok: true, id: write.body[EXTERNAL_ID] })),
		);
		for (const result of results.slice(3)) {
			assert.equal(result.ok === false && result.transient, true);
			assert.match(
				result.ok === false ? result.message : '',
				/ended Failed \(InternalServerError : Max retries exceeded\)/,
			);
		}
		const again = await send(withJobFrom(5), writes);
		assert.ok(again.every((result) => result.ok));
		assert.ok(writes.every((write) => stored(String(write.body[EXTERNAL_ID])).length === 1));
	});

	it('a job still running after maxWaitMs: every record is a transient failure, sent again later', async () => {
		salesforce.ingest.pollsInProgress = 5;
		const writer = salesforceCollectionsWriter(
			{ descriptor: salesforceConnector, resource: 'contacts', credentials, upsertBy: EXTERNAL_ID },
			{ format: 'salesforceCollections', sobject: 'Contact', maxPerCall: 200, jobFrom: 2 },
			{ pollIntervalMs: 1, maxWaitMs: 0 },
		);
		const results = await send(writer, creates(2));
		assert.ok(
			results.every((result) => result.ok === false && result.transient && /had not finished/.test(result.message)),
		);
	});

	it('an upload Salesforce refuses aborts the job it opened, and the call rejects', async () => {
		salesforce.inject({ status: 400, pathIncludes: '/batches', method: 'PUT' });
		await assert.rejects(send(withJobFrom(2), creates(2)), PermanentHttpError);
		const [job] = [...salesforce.ingest.jobs.values()].slice(-1);
		assert.equal(job.state, 'Aborted');
	});

	it('a first sync of 10,000 contacts costs at most one API call per 150 records: 50 collection calls, or one job', async () => {
		const collections = salesforceCollectionsWriter(
			{ descriptor: salesforceConnector, resource: 'contacts', credentials, upsertBy: EXTERNAL_ID },
			{ format: 'salesforceCollections', sobject: 'Contact', maxPerCall: 200 },
		);
		let calls = salesforce.apiCalls;
		const viaCollections = await send(collections, creates(10_000));
		const collectionCalls = salesforce.apiCalls - calls;

		calls = salesforce.apiCalls;
		const viaJob = await send(withJobFrom(2000), creates(10_000));
		const jobCalls = salesforce.apiCalls - calls;

		assert.ok([...viaCollections, ...viaJob].every((result) => result.ok));
		assert.deepEqual([collectionCalls, jobCalls], [50, 6]);
		assert.ok(Math.max(collectionCalls, jobCalls) <= 10_000 / 150);
	});
});
