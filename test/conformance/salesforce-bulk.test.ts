import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Connection } from 'jsforce';

import { SALESFORCE_API_VERSION } from '../../runtime/connectors';
import { FakeSalesforce } from '../fakes/systems/fake-salesforce';

interface SaveError {
	statusCode: string;
	message: string;
	fields: string[];
}

interface SaveResult {
	id?: string;
	success: boolean;
	errors: SaveError[];
	created?: boolean;
}

const ROLLED_BACK = 'ALL_OR_NONE_OPERATION_ROLLED_BACK';

/** The official `jsforce` client's collection calls (`/composite/sobjects`) and Bulk API 2.0 jobs against the fake Salesforce. */
describe('jsforce bulk writes against the fake Salesforce', () => {
	let fake: FakeSalesforce;
	let connection: Connection;
	const contact = () => connection.sobject('Contact');
	const stored = (externalId: string) => fake.contacts.filter((record) => record.ExternalId__c === externalId);

	before(async () => {
		fake = await new FakeSalesforce().start();
		connection = new Connection({
			instanceUrl: fake.url,
			accessToken: fake.accessToken,
			version: SALESFORCE_API_VERSION.replace(/^v/, ''),
		});
	});

	after(() => fake.stop());

	test('create: one SaveResult per record in order, a record without LastName fails alone, in one call', async () => {
		const before = fake.apiCalls;
		const results = (await contact().create(
			[{ LastName: 'Ada' }, { FirstName: 'No last name' }, { LastName: 'Grace' }],
			{ allOrNone: false },
		)) as SaveResult[];
		assert.equal(fake.apiCalls - before, 1);
		assert.deepEqual(
			results.map((result) => result.success),
			[true, false, true],
		);
		assert.deepEqual(results[1].errors, [
			{
				statusCode: 'REQUIRED_FIELD_MISSING',
				message: 'Required fields are missing: [LastName]',
				fields: ['LastName'],
			},
		]);
		assert.deepEqual(
			[results[0], results[2]].map((result) => fake.contacts.find((record) => record.Id === result.id)?.LastName),
			['Ada', 'Grace'],
		);
	});

	test('allOrNone: one invalid record keeps none; the valid ones are rolled back, the invalid one says why', async () => {
		const count = fake.contacts.length;
		const results = (await contact().create([{ LastName: 'Kept?' }, { FirstName: 'Invalid' }], {
			allOrNone: true,
		})) as SaveResult[];
		assert.equal(fake.contacts.length, count);
		assert.deepEqual(
			results.map((result) => [result.success, result.id, result.errors[0]?.statusCode]),
			[
				[false, undefined, ROLLED_BACK],
				[false, undefined, 'REQUIRED_FIELD_MISSING'],
			],
		);

		const [first, second] = fake.seedContacts(2);
		const updates = (await contact().update(
			[
				{ Id: first.Id, LastName: 'Changed' },
				{ Id: second.Id, LastName: null },
			],
			{ allOrNone: true },
		)) as SaveResult[];
		assert.deepEqual(
			updates.map((result) => [result.id, result.errors[0]?.statusCode]),
			[
				[first.Id, ROLLED_BACK],
				[second.Id, 'REQUIRED_FIELD_MISSING'],
			],
		);
		assert.deepEqual([first.LastName, second.LastName], ['Last1', 'Last2']);
	});

	test('more than 200 records is EXCEEDED_ID_LIMIT for the whole call; jsforce splits them at 200 when allowed', async () => {
		const records = Array.from({ length: 201 }, (_, index) => ({ LastName: `Limit ${index}` }));
		const count = fake.contacts.length;
		await assert.rejects(contact().create(records), { errorCode: 'EXCEEDED_ID_LIMIT' });
		assert.equal(fake.contacts.length, count);

		const before = fake.apiCalls;
		const results = (await contact().create(records, { allowRecursive: true })) as SaveResult[];
		assert.equal(fake.apiCalls - before, 2);
		assert.equal(results.filter((result) => result.success).length, 201);
	});

	test('update by id and destroy by ids: a deleted record is ENTITY_IS_DELETED, one never there INVALID_CROSS_REFERENCE_KEY', async () => {
		const [first, second] = fake.seedContacts(2);
		const updated = (await contact().update([
			{ Id: first.Id, Email: 'first@example.test' },
			{ Id: second.Id, MailingCity: 'Bergen' },
		])) as SaveResult[];
		assert.deepEqual(
			updated.map((result) => [result.id, result.success]),
			[
				[first.Id, true],
				[second.Id, true],
			],
		);
		assert.equal(second.MailingCity, 'Bergen');

		const destroyed = (await contact().destroy([first.Id, second.Id])) as SaveResult[];
		assert.deepEqual(
			destroyed.map((result) => result.success),
			[true, true],
		);
		const again = (await contact().destroy([first.Id, '003FAKE99999999999'])) as SaveResult[];
		assert.deepEqual(
			again.map((result) => [result.id, result.success, result.errors[0]?.statusCode]),
			[
				[first.Id, false, 'ENTITY_IS_DELETED'],
				['003FAKE99999999999', false, 'INVALID_CROSS_REFERENCE_KEY'],
			],
		);
		const edit = (await contact().update([{ Id: first.Id, LastName: 'Back' }])) as SaveResult[];
		assert.equal(edit[0].errors[0].statusCode, 'ENTITY_IS_DELETED');
	});

	test('upsert by external id: created, then updated in place; an external id repeated in one call fails each of its records', async () => {
		const first = (await contact().upsert(
			[
				{ ExternalId__c: 'bulk-1', LastName: 'One' },
				{ ExternalId__c: 'bulk-2', LastName: 'Two' },
			],
			'ExternalId__c',
		)) as SaveResult[];
		assert.deepEqual(
			first.map((result) => [result.success, result.created]),
			[
				[true, true],
				[true, true],
			],
		);
		const second = (await contact().upsert(
			[
				{ ExternalId__c: 'bulk-1', LastName: 'One again' },
				{ ExternalId__c: 'bulk-3', FirstName: 'No last name' },
			],
			'ExternalId__c',
		)) as SaveResult[];
		assert.deepEqual(
			second.map((result) => [result.success, result.created, result.id]),
			[
				[true, false, first[0].id],
				[false, undefined, undefined],
			],
		);
		assert.deepEqual(
			stored('bulk-1').map((record) => record.LastName),
			['One again'],
		);

		const repeated = (await contact().upsert(
			[
				{ ExternalId__c: 'bulk-4', LastName: 'Four' },
				{ ExternalId__c: 'bulk-4', LastName: 'Four twice' },
				{ ExternalId__c: 'bulk-5', LastName: 'Five' },
			],
			'ExternalId__c',
		)) as SaveResult[];
		assert.deepEqual(
			repeated.map((result) => [result.success, result.errors[0]?.statusCode]),
			[
				[false, 'DUPLICATE_VALUE'],
				[false, 'DUPLICATE_VALUE'],
				[true, undefined],
			],
		);
		assert.equal(stored('bulk-4').length, 0);
	});

	test('a field Contact does not have refuses the whole collection call with INVALID_FIELD', async () => {
		const count = fake.contacts.length;
		await assert.rejects(contact().create([{ LastName: 'Fine' }, { LastName: 'Typo', Emial: 'x@example.test' }]), {
			errorCode: 'INVALID_FIELD',
		});
		assert.equal(fake.contacts.length, count);
	});

	test('Bulk API 2.0 upsert job: CSV quotes, commas, newlines and #N/A nulls; results per record with sf__Id, sf__Created, sf__Error', async () => {
		const existing = fake.addContact({ LastName: 'Before', Phone: '+47 22 00 00 00', ExternalId__c: 'job-0' });
		fake.ingest.pollsInProgress = 1;
		const results = await connection.bulk2.loadAndWaitForResults({
			object: 'Contact',
			operation: 'upsert',
			externalIdFieldName: 'ExternalId__c',
			// jsforce takes the CSV columns from the first record; an empty value leaves a field as it is.
			input: [
				{ ExternalId__c: 'job-0', LastName: 'Renamed', Phone: null, Description: '', HasOptedOutOfEmail: '' },
				{ ExternalId__c: 'job-1', LastName: 'Quote "Q", comma', Phone: '', Description: 'line one\nline two' },
				{ ExternalId__c: 'job-2', LastName: '', Phone: '', Description: 'No last name' },
				{ ExternalId__c: 'job-3', LastName: 'Opted', Phone: '', Description: '', HasOptedOutOfEmail: true },
			],
			pollInterval: 5,
			pollTimeout: 5000,
		});
		fake.ingest.pollsInProgress = 0;

		const rows = (set: unknown[]) => set as Record<string, string>[];
		const byKey = new Map(rows(results.successfulResults).map((row) => [row.ExternalId__c, row]));
		assert.deepEqual(
			['job-0', 'job-1', 'job-3'].map((key) => byKey.get(key)?.sf__Created),
			['false', 'true', 'true'],
		);
		assert.equal(byKey.get('job-0')?.sf__Id, existing.Id);
		assert.deepEqual(
			rows(results.failedResults).map((row) => [row.ExternalId__c, row.sf__Error]),
			[['job-2', 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --']],
		);
		assert.deepEqual(results.unprocessedRecords, []);
		assert.deepEqual([existing.LastName, existing.Phone], ['Renamed', null]);
		const [quoted] = stored('job-1');
		assert.deepEqual([quoted.LastName, quoted.Description], ['Quote "Q", comma', 'line one\nline two']);
		assert.equal(stored('job-3')[0].HasOptedOutOfEmail, true);
	});

	test("Bulk API 2.0: one upload per job; data whose line ending is not the job's fails the job", async () => {
		const job = connection.bulk2.createJob({
			object: 'Contact',
			operation: 'upsert',
			externalIdFieldName: 'ExternalId__c',
			lineEnding: 'CRLF',
		});
		await job.open();
		await job.uploadData('ExternalId__c,LastName\njob-lf,Unix\n');
		const second = await fetch(`${fake.url}/services/data/${SALESFORCE_API_VERSION}/jobs/ingest/${job.id}/batches`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${fake.accessToken}`, 'content-type': 'text/csv' },
			body: 'ExternalId__c,LastName\r\njob-lf,Again\r\n',
		});
		assert.deepEqual(
			[second.status, ((await second.json()) as { errorCode: string }[])[0].errorCode],
			[400, 'BULK_API_ERROR'],
		);
		await job.close();
		await assert.rejects(job.poll(5, 5000), /LineEnding is invalid on user data\. Current LineEnding setting is CRLF/);
		assert.equal((await job.check()).state, 'Failed');
		assert.equal(stored('job-lf').length, 0);
	});
});
