import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Connection } from 'jsforce';

import { modifiedSinceSoql, SALESFORCE_API_VERSION } from '../../runtime/connectors';
import { FakeSalesforce } from '../fakes/systems/fake-salesforce';

interface SalesforceFailure {
	errorCode?: string;
	name?: string;
	message: string;
}

/** The official `jsforce` client against the fake Salesforce: the REST calls SyncBridge makes, and Salesforce's documented errors. */
describe('jsforce against the fake Salesforce', () => {
	let fake: FakeSalesforce;
	let connection: Connection;

	const rejection = async (call: PromiseLike<unknown>): Promise<SalesforceFailure> => {
		try {
			await call;
		} catch (error) {
			return error as SalesforceFailure;
		}
		assert.fail('the call succeeded');
	};

	before(async () => {
		fake = await new FakeSalesforce().start();
		connection = new Connection({
			instanceUrl: fake.url,
			accessToken: fake.accessToken,
			version: SALESFORCE_API_VERSION.replace(/^v/, ''),
		});
	});

	after(() => fake.stop());

	test("the credential test's request: the org's limits", async () => {
		const limits = await connection.limits();
		assert.equal(typeof limits.DailyApiRequests.Remaining, 'number');
	});

	test('create, retrieve, update and destroy a contact; the read shows every field, null when unset', async () => {
		const created = await connection.sobject('Contact').create({
			FirstName: 'Jenny',
			LastName: 'Rosen',
			Email: 'jenny@example.com',
			MailingCity: 'Utrecht',
			HasOptedOutOfEmail: true,
		});
		assert.equal(created.success, true);
		const id = String(created.id);
		const read = await connection.sobject('Contact').retrieve(id);
		assert.deepEqual(
			[read.Id, read.Name, read.MailingCity, read.HasOptedOutOfEmail, read.Phone, read.attributes?.type],
			[id, 'Jenny Rosen', 'Utrecht', true, null, 'Contact'],
		);
		const updated = await connection.sobject('Contact').update({ Id: id, Phone: '+31 30 123', MailingCity: null });
		assert.equal(updated.success, true);
		const after = await connection.sobject('Contact').retrieve(id);
		assert.deepEqual([after.Phone, after.MailingCity, after.LastName], ['+31 30 123', null, 'Rosen']);

		assert.equal((await connection.sobject('Contact').destroy(id)).success, true);
		assert.equal((await rejection(connection.sobject('Contact').retrieve(id))).errorCode, 'NOT_FOUND');
		assert.equal(
			(await rejection(connection.sobject('Contact').update({ Id: id, LastName: 'Back' }))).errorCode,
			'ENTITY_IS_DELETED',
		);
	});

	test('upsert by external id: 201 created, then 200 updated, every mapped field kept', async () => {
		const body = {
			ExternalId__c: '4711',
			FirstName: 'Grace',
			LastName: 'Hopper',
			MailingStreet: 'Oudegracht 1',
			MailingPostalCode: '3511 AA',
			MailingCountry: 'NL',
			Description: 'Member since 2021 (gold)',
		};
		const created = await connection.sobject('Contact').upsert(body, 'ExternalId__c');
		assert.deepEqual([created.success, (created as { created?: boolean }).created], [true, true]);
		const updated = await connection
			.sobject('Contact')
			.upsert({ ExternalId__c: '4711', LastName: 'Hopper-Murray' }, 'ExternalId__c');
		assert.deepEqual(
			[updated.success, (updated as { created?: boolean }).created, updated.id],
			[true, false, created.id],
		);
		const stored = fake.contacts.find((contact) => contact.ExternalId__c === '4711');
		assert.deepEqual(
			[stored?.LastName, stored?.MailingStreet, stored?.Description],
			['Hopper-Murray', 'Oudegracht 1', 'Member since 2021 (gold)'],
		);
	});

	test('a write naming a field Contact does not have is a 400 INVALID_FIELD naming it, and nothing is written', async () => {
		const before = fake.contacts.length;
		const unknown = await rejection(
			connection.sobject('Contact').create({ LastName: 'Typo', Emial: 'x@example.test' }),
		);
		assert.equal(unknown.errorCode, 'INVALID_FIELD');
		assert.match(unknown.message, /No such column 'Emial' on sobject of type Contact/);
		assert.equal(fake.contacts.length, before);

		const upsert = await rejection(
			connection
				.sobject('Contact')
				.upsert({ ExternalId__c: 'typo-1', LastName: 'Typo', MailingZip: '1234' }, 'ExternalId__c'),
		);
		assert.deepEqual([upsert.errorCode, /MailingZip/.test(upsert.message)], ['INVALID_FIELD', true]);
		const readOnly = await rejection(
			connection.sobject('Contact').create({ LastName: 'Clock', LastModifiedDate: '2024-01-01T00:00:00Z' }),
		);
		assert.equal(readOnly.errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
		const required = await rejection(connection.sobject('Contact').create({ FirstName: 'No last name' }));
		assert.equal(required.errorCode, 'REQUIRED_FIELD_MISSING');
	});

	test("SyncBridge's polling SOQL (unquoted dateTime literal) returns what changed after it, oldest first, across nextRecordsUrl batches", async () => {
		const since = new Date(
			Math.max(...fake.contacts.map((contact) => contact.LastModifiedDate), Date.parse('2024-01-01T00:00:00Z')),
		);
		fake.batchSize = 2;
		try {
			const seeded = fake.seedContacts(5);
			const result = await connection.query<{ Id: string; LastModifiedDate: string }>(
				modifiedSinceSoql('Contact', ['FirstName', 'Email', 'ExternalId__c'], since),
				{ autoFetch: true },
			);
			assert.equal(result.totalSize, 5);
			assert.deepEqual(
				result.records.map((record) => record.Id),
				seeded.map((contact) => contact.Id),
			);
			assert.match(result.records[0].LastModifiedDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
			assert.ok(
				fake.requestsTo(`/services/data/${SALESFORCE_API_VERSION}/query/`).length >= 2,
				'followed nextRecordsUrl',
			);
		} finally {
			fake.batchSize = 2000;
		}
	});

	test('SOQL: a quoted date is not a dateTime, a malformed literal is MALFORMED_QUERY, an unknown column INVALID_FIELD', async () => {
		const quoted = await rejection(
			connection.query("SELECT Id FROM Contact WHERE LastModifiedDate > '2024-01-01T00:00:00Z'"),
		);
		assert.equal(quoted.errorCode, 'INVALID_FIELD');
		assert.match(quoted.message, /must be of type dateTime and should not be enclosed in quotes/);
		const dateOnly = await rejection(connection.query('SELECT Id FROM Contact WHERE LastModifiedDate > 2024-01-01'));
		assert.equal(dateOnly.errorCode, 'MALFORMED_QUERY');
		const column = await rejection(connection.query('SELECT Id, Emial FROM Contact'));
		assert.equal(column.errorCode, 'INVALID_FIELD');
		assert.match(column.message, /No such column 'Emial'/);
	});

	test('an expired session: jsforce refreshes with its refresh token and retries, as against Salesforce', async () => {
		const refreshing = new Connection({
			oauth2: { clientId: fake.clientId, clientSecret: fake.clientSecret, loginUrl: fake.url },
			instanceUrl: fake.url,
			accessToken: fake.accessToken,
			refreshToken: fake.refreshToken,
			version: SALESFORCE_API_VERSION.replace(/^v/, ''),
		});
		fake.expireSessions();
		const result = await refreshing.query('SELECT Id FROM Contact');
		assert.equal(result.done, true);
		assert.equal(fake.tokenRequests('refresh_token'), 1);
		assert.equal(
			(await rejection(connection.query('SELECT Id FROM Contact'))).errorCode,
			'INVALID_SESSION_ID',
			'the old token stays refused',
		);
	});
});
