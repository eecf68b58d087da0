import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DynamicsWebApi } from 'dynamics-web-api';

import { webhookServiceEndpoint } from '../../runtime/connectors';
import { FakeDynamics365 } from '../fakes/systems/fake-dynamics365';
import { clientCredentialsToken } from '../unit/connectors/oauth-grants';

type Row = Record<string, string>;

interface DataverseFailure {
	status?: number;
	code?: string;
	message: string;
}

/** The official `dynamics-web-api` client against the fake Dataverse: the Web API calls SyncBridge makes, and Dataverse's documented errors. */
describe('dynamics-web-api against the fake Dataverse', () => {
	let fake: FakeDynamics365;
	let dataverse: DynamicsWebApi;

	const rejection = async (call: Promise<unknown>): Promise<DataverseFailure> => {
		try {
			await call;
		} catch (error) {
			return error as DataverseFailure;
		}
		assert.fail('the call succeeded');
	};

	before(async () => {
		fake = await new FakeDynamics365().start();
		const token = String((await clientCredentialsToken(fake, fake.clientSecret)).body.access_token);
		// propagateErrors: a failed update or delete throws, instead of the library's legacy `false`.
		dataverse = new DynamicsWebApi({
			serverUrl: fake.url,
			dataApi: { version: '9.2' },
			onTokenRefresh: async () => token,
			propagateErrors: true,
		});
	});

	after(() => fake.stop());

	test('create answers the new id (OData-EntityId); retrieve reads the columns back with an etag', async () => {
		const id = await dataverse.create({
			collection: 'contacts',
			data: {
				firstname: 'Sanne',
				lastname: 'Jansen',
				emailaddress1: 'sanne@example.nl',
				birthdate: '1988-02-29',
				sb_membernumber: '10234',
			},
		});
		assert.match(String(id), /^[0-9a-f-]{36}$/);
		const read = await dataverse.retrieve({
			collection: 'contacts',
			key: String(id),
			select: ['firstname', 'lastname', 'sb_membernumber', 'birthdate'],
		});
		assert.deepEqual(
			[read.contactid, read.firstname, read.lastname, read.sb_membernumber, read.birthdate],
			[id, 'Sanne', 'Jansen', '10234', '1988-02-29'],
		);
		assert.match(read['@odata.etag'], /^W\/"\d+"$/);
	});

	test('Prefer: return=representation answers the created (201) or updated (200) record', async () => {
		const created = await dataverse.create<Row, Row>({
			collection: 'contacts',
			data: { firstname: 'Ola', lastname: 'Nordmann' },
			returnRepresentation: true,
			select: ['firstname', 'lastname'],
		});
		assert.deepEqual([created.firstname, created.lastname], ['Ola', 'Nordmann']);
		assert.match(created.contactid, /^[0-9a-f-]{36}$/);
		assert.equal(fake.requests.at(-1)?.headers.prefer, 'return=representation');

		const updated = await dataverse.update<Row, Row>({
			collection: 'contacts',
			key: created.contactid,
			data: { lastname: 'Nordmann-Dahl' },
			returnRepresentation: true,
		});
		assert.deepEqual([updated.firstname, updated.lastname], ['Ola', 'Nordmann-Dahl']);
		assert.notEqual(updated['@odata.etag'], created['@odata.etag'], 'the etag changes on every write');
	});

	test('optimistic concurrency: a stale If-Match is a 412 and changes nothing; the current etag writes; If-None-Match current is not modified', async () => {
		const contact = await dataverse.create<Row, Row>({
			collection: 'contacts',
			data: { firstname: 'Anna', lastname: 'Smit' },
			returnRepresentation: true,
		});
		const first = contact['@odata.etag'];
		fake.edit('contacts', contact.contactid, { lastname: 'Smit-Bakker' });

		const stale = await rejection(
			dataverse.update({
				collection: 'contacts',
				key: contact.contactid,
				data: { lastname: 'Overwritten' },
				ifmatch: first,
			}),
		);
		assert.equal(stale.status, 412);
		assert.match(stale.message, /version of the existing record doesn't match/);
		const current = await dataverse.retrieve({ collection: 'contacts', key: contact.contactid, select: ['lastname'] });
		assert.equal(current.lastname, 'Smit-Bakker');

		await dataverse.update({
			collection: 'contacts',
			key: contact.contactid,
			data: { lastname: 'Bakker' },
			ifmatch: current['@odata.etag'],
		});
		const after = await dataverse.retrieve({ collection: 'contacts', key: contact.contactid, select: ['lastname'] });
		assert.equal(after.lastname, 'Bakker');
		assert.notEqual(after['@odata.etag'], current['@odata.etag']);

		const unchanged = await dataverse.retrieve({
			collection: 'contacts',
			key: contact.contactid,
			select: ['lastname'],
			ifnonematch: after['@odata.etag'],
		});
		assert.equal(fake.requests.at(-1)?.headers['if-none-match'], after['@odata.etag']);
		assert.equal(unchanged?.lastname, undefined, 'a 304 carries no record');

		assert.equal(
			(await rejection(dataverse.deleteRecord({ collection: 'contacts', key: contact.contactid, ifmatch: first })))
				.status,
			412,
		);
		await dataverse.deleteRecord({ collection: 'contacts', key: contact.contactid, ifmatch: after['@odata.etag'] });
		assert.equal((await rejection(dataverse.retrieve({ collection: 'contacts', key: contact.contactid }))).status, 404);
	});

	test('update (If-Match: *) of a missing record is a 404; upsert (no If-Match) creates it with the given id, then updates it', async () => {
		const id = '00000000-0000-4000-8000-000000000042';
		assert.equal(
			(await rejection(dataverse.update({ collection: 'contacts', key: id, data: { lastname: 'Nobody' } }))).status,
			404,
		);
		assert.equal(fake.requests.at(-1)?.headers['if-match'], '*');
		await dataverse.upsert({ collection: 'contacts', key: id, data: { lastname: 'Somebody' } });
		await dataverse.upsert({ collection: 'contacts', key: id, data: { firstname: 'Some' } });
		const read = await dataverse.retrieve({ collection: 'contacts', key: id, select: ['firstname', 'lastname'] });
		assert.deepEqual([read.firstname, read.lastname], ['Some', 'Somebody']);
	});

	test('upsert limited by If-None-Match: * creates only (an existing record is a 412), by If-Match: * updates only (a missing one is a 404)', async () => {
		const id = '00000000-0000-4000-8000-000000000043';
		await dataverse.upsert({ collection: 'contacts', key: id, data: { lastname: 'Created Once' }, ifnonematch: '*' });
		const again = await rejection(
			dataverse.upsert({ collection: 'contacts', key: id, data: { lastname: 'Overwritten' }, ifnonematch: '*' }),
		);
		assert.equal(again.status, 412);
		assert.equal((again as DataverseFailure & { code?: string }).code, '0x80040237');
		assert.match(again.message, /A record with matching key values already exists/);
		const missing = await rejection(
			dataverse.upsert({
				collection: 'contacts',
				key: '00000000-0000-4000-8000-000000000044',
				data: { lastname: 'Nobody' },
				ifmatch: '*',
			}),
		);
		assert.equal(missing.status, 404);
		const read = await dataverse.retrieve({ collection: 'contacts', key: id, select: ['lastname'] });
		assert.equal(read.lastname, 'Created Once');
	});

	test('a property the table does not have is a 400 naming it, in a body or a $select, and nothing is written', async () => {
		const before = fake.records('contacts').length;
		const unknown = await rejection(
			dataverse.create({ collection: 'contacts', data: { lastname: 'Typo', emailadress1: 'x@example.nl' } }),
		);
		assert.equal(unknown.status, 400);
		assert.match(
			unknown.message,
			/The property 'emailadress1' does not exist on type 'Microsoft.Dynamics.CRM.contact'/,
		);
		assert.equal(fake.records('contacts').length, before);

		const select = await rejection(dataverse.retrieveMultiple({ collection: 'contacts', select: ['fulname'] }));
		assert.equal(select.status, 400);
		assert.match(select.message, /Could not find a property named 'fulname'/);
	});

	test('a lookup is bound with @odata.bind and read back as _<navigation>_value; an undeclared navigation is a 400, a missing target a 404', async () => {
		const contact = String(await dataverse.create({ collection: 'contacts', data: { lastname: 'Member' } }));
		const membership = String(
			await dataverse.create({
				collection: 'new_memberships',
				data: {
					new_name: 'Full',
					new_startdate: '2023-01-01',
					new_fee: 125.5,
					'new_Contact@odata.bind': `/contacts(${contact})`,
				},
			}),
		);
		const read = await dataverse.retrieve({
			collection: 'new_memberships',
			key: membership,
			select: ['new_name', 'new_fee', '_new_contact_value'],
		});
		assert.deepEqual([read.new_name, read.new_fee, read._new_contact_value], ['Full', 125.5, contact]);

		const undeclared = await rejection(
			dataverse.create({
				collection: 'new_memberships',
				data: { new_name: 'X', 'new_Member@odata.bind': `/contacts(${contact})` },
			}),
		);
		assert.equal(undeclared.status, 400);
		const missing = await rejection(
			dataverse.create({
				collection: 'new_memberships',
				data: { new_name: 'X', 'new_Contact@odata.bind': '/contacts(00000000-0000-4000-8000-000000000099)' },
			}),
		);
		assert.equal(missing.status, 404);
	});

	test("the Polling Trigger's list: $filter modifiedon ge, $orderby modifiedon, pages of odata.maxpagesize followed by @odata.nextLink", async () => {
		const since = new Date(Date.now() - 1000).toISOString();
		const seeded = fake.seed(
			'contacts',
			Array.from({ length: 7 }, (_, index) => ({ firstname: `F${index}`, lastname: `L${index}` })),
		);
		const firstPage = await dataverse.retrieveMultiple({
			collection: 'contacts',
			select: ['firstname', 'modifiedon'],
			filter: `modifiedon ge ${since}`,
			orderBy: ['modifiedon asc'],
			maxPageSize: 3,
		});
		assert.equal(firstPage.value.length, 3);
		assert.ok(firstPage.oDataNextLink, 'a next link while more records match');
		const all = await dataverse.retrieveAll({
			collection: 'contacts',
			select: ['firstname', 'modifiedon'],
			filter: `modifiedon ge ${since}`,
			orderBy: ['modifiedon asc'],
			maxPageSize: 3,
		});
		const ids = all.value.map((record) => record.contactid as string);
		for (const record of seeded) assert.ok(ids.includes(String(record.contactid)));
		const times = all.value.map((record) => Date.parse(String(record.modifiedon)));
		assert.deepEqual(
			times,
			[...times].sort((a, b) => a - b),
		);
	});

	test("the credential test's WhoAmI, and a webhook registered and removed as a service endpoint", async () => {
		const whoAmI = await dataverse.callFunction<{ UserId: string }>('WhoAmI');
		assert.match(whoAmI.UserId, /^[0-9a-f-]{36}$/);

		const endpoint = String(
			await dataverse.create({
				collection: 'serviceendpoints',
				data: webhookServiceEndpoint(
					'SyncBridge',
					'https://n8n.example.test/webhook/dataverse',
					'x-syncbridge-key',
					'k3y',
				),
			}),
		);
		const read = await dataverse.retrieve({
			collection: 'serviceendpoints',
			key: endpoint,
			select: ['contract', 'authtype', 'url'],
		});
		assert.deepEqual([read.contract, read.authtype, read.url], [8, 5, 'https://n8n.example.test/webhook/dataverse']);
		await dataverse.deleteRecord({ collection: 'serviceendpoints', key: endpoint });
		assert.equal(fake.records('serviceendpoints').length, 0);
	});

	test('documented errors: a request without a valid token is a 401, an unknown entity set a 404', async () => {
		const anonymous = new DynamicsWebApi({
			serverUrl: fake.url,
			dataApi: { version: '9.2' },
			onTokenRefresh: async () => 'not-a-token',
			propagateErrors: true,
		});
		assert.equal((await rejection(anonymous.retrieveMultiple({ collection: 'contacts' }))).status, 401);
		assert.equal((await rejection(dataverse.retrieveMultiple({ collection: 'new_members' }))).status, 404);
	});

	test('$batch with odata.continue-on-error: every request answered in its own part, in order; a failure stops nothing', async () => {
		const [existing] = fake.seed('contacts', [{ firstname: 'Old', lastname: 'Batch' }]);
		const upsertId = '00000000-0000-4000-8000-0000000000b1';
		const before = fake.records('contacts').length;
		dataverse.startBatch();
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Batch One' } });
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Typo', emailadress1: 'x@example.nl' } });
		void dataverse.update({ collection: 'contacts', key: String(existing.contactid), data: { firstname: 'New' } });
		void dataverse.upsert({ collection: 'contacts', key: upsertId, data: { lastname: 'Batch Upsert' } });
		void dataverse.deleteRecord({ collection: 'contacts', key: '00000000-0000-4000-8000-0000000000b2' });
		const results = await dataverse.executeBatch({ continueOnError: true, inChangeSet: false });

		assert.equal(results.length, 5);
		const created = fake.records('contacts').find((record) => record.lastname === 'Batch One');
		assert.equal(results[0], created?.contactid);
		const typo = results[1] as DataverseFailure & { error: { code: string; message: string } };
		assert.equal(typo.status, 400);
		assert.equal(typo.error.code, '0x80060888');
		assert.match(typo.error.message, /The property 'emailadress1' does not exist/);
		assert.equal(results[2], true, 'an update answers 204');
		assert.equal(results[3], upsertId, 'an upsert creates the record under the given id');
		assert.equal((results[4] as DataverseFailure).status, 404, 'deleting a record that does not exist');
		assert.equal(fake.records('contacts').length, before + 2);
		assert.equal(fake.records('contacts').find((record) => record.contactid === existing.contactid)?.firstname, 'New');
		assert.match(String(fake.requests.at(-1)?.headers['content-type']), /^multipart\/mixed;\s*boundary=/);
		assert.deepEqual(
			fake.batchedRequests.slice(-5).map((request) => request.method),
			['POST', 'POST', 'PATCH', 'PATCH', 'DELETE'],
			'the five requests ran one by one, inside the one call',
		);
	});

	test('$batch without continue-on-error ends at the first failure: the batch answers its status and runs nothing after it', async () => {
		const before = fake.records('contacts').length;
		dataverse.startBatch();
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Before The Failure' } });
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Typo', emailadress1: 'x@example.nl' } });
		void dataverse.create({ collection: 'contacts', data: { lastname: 'After The Failure' } });
		const answers = await rejection(dataverse.executeBatch({ inChangeSet: false }));

		assert.ok(Array.isArray(answers), 'the batch answer is read part by part');
		const parts = answers as unknown as unknown[];
		assert.equal(parts.length, 2);
		assert.equal((parts[1] as DataverseFailure).status, 400);
		const lastNames = fake.records('contacts').map((record) => record.lastname);
		assert.ok(lastNames.includes('Before The Failure'));
		assert.ok(!lastNames.includes('After The Failure'));
		assert.equal(fake.records('contacts').length, before + 1);
	});

	test('a change set is atomic, its Content-IDs name records made earlier in it ($1 in a URL or an @odata.bind)', async () => {
		dataverse.startBatch();
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Changeset' }, contentId: '1' });
		void dataverse.create({
			collection: 'new_memberships',
			data: { new_name: 'Changeset membership', 'new_Contact@odata.bind': '$1' },
		});
		void dataverse.update({ contentId: '$1', data: { firstname: 'Referenced' } });
		const made = await dataverse.executeBatch();
		assert.equal(made.length, 3);
		const contact = fake.records('contacts').find((record) => record.contactid === made[0]);
		assert.equal(contact?.firstname, 'Referenced');
		const membership = fake.records('new_memberships').find((record) => record.new_name === 'Changeset membership');
		assert.equal(membership?._new_contact_value, made[0]);

		const contacts = fake.records('contacts').length;
		const memberships = fake.records('new_memberships').length;
		dataverse.startBatch();
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Rolled Back' }, contentId: '1' });
		void dataverse.create({ collection: 'new_memberships', data: { new_name: 'X', 'new_Contact@odata.bind': '$1' } });
		void dataverse.create({ collection: 'contacts', data: { lastname: 'Typo', emailadress1: 'x@example.nl' } });
		const failed = await rejection(dataverse.executeBatch());
		const parts = failed as unknown as DataverseFailure[];
		assert.equal(parts.length, 1, 'a failed change set is answered by its failure alone');
		assert.equal(parts[0].status, 400);
		assert.equal(fake.records('contacts').length, contacts);
		assert.equal(fake.records('new_memberships').length, memberships);
	});

	test('$batch holds up to 1000 requests; more is a 400 and nothing runs', async () => {
		const before = fake.records('contacts').length;
		dataverse.startBatch();
		for (let index = 0; index < 1001; index++)
			void dataverse.create({ collection: 'contacts', data: { lastname: `Over ${index}` } });
		const over = await rejection(dataverse.executeBatch({ inChangeSet: false, continueOnError: true }));
		assert.equal(over.status, 400);
		assert.match(over.message, /up to 1000/);
		assert.equal(fake.records('contacts').length, before);
	});
});
