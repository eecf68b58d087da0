import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import type { BulkWrite, BulkWriter } from '../../../../runtime/contracts/bulk-write';
import { dynamics365Connector } from '../../../../runtime/connectors';
import { bulkWriterFor } from '../../../../runtime/connectors/bulk';
import { recordGuidFrom } from '../../../../runtime/connectors/bulk/derived-ids';
import { createFetchTransport } from '../../../../runtime/http/fetch-transport';
import { PermanentHttpError } from '../../../../runtime/http/errors';
import { createResilientClient, type ResilientClient } from '../../../../runtime/http/resilient-client';
import { FakeDynamics365 } from '../../../fakes/systems/fake-dynamics365';
import { clientCredentialsToken } from '../oauth-grants';

const VERSION_5_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The objectKey the contract writer gives: a stable hex hash of synchronization and inbound id. */
const objectKey = (inboundId: string) => createHash('sha256').update(`members-to-dataverse:${inboundId}`).digest('hex');

const creates = (prefix: string, count: number): BulkWrite[] =>
	Array.from({ length: count }, (_, index) => ({
		action: 'create',
		objectKey: objectKey(`${prefix}-${index}`),
		body: { firstname: `F${index}`, lastname: `${prefix} ${index}` },
	}));

describe("Dataverse's $batch as the bulk writer of contacts", () => {
	const dataverse = new FakeDynamics365();
	const client: ResilientClient = createResilientClient({ transport: createFetchTransport(), sleep: async () => {} });
	let writer: BulkWriter;
	const batchCalls = () => dataverse.requestsTo('/api/data/v9.2/$batch', 'POST').length;
	const contacts = () => dataverse.records('contacts');

	before(async () => {
		await dataverse.start();
		const token = await clientCredentialsToken(dataverse, dataverse.clientSecret);
		const credentials = { environmentUrl: dataverse.url, accessToken: token.body.access_token };
		const found = bulkWriterFor({ descriptor: dynamics365Connector, resource: 'contacts', credentials });
		assert.ok(found, 'the contacts resource describes a bulk API');
		writer = found;
	});
	after(() => dataverse.stop());

	it('2,500 creates go in 3 calls, each record under the GUID derived from its object, one result per write in order', async () => {
		const writes = creates('first-sync', 2500);
		const calls = batchCalls();
		const results = await writer.send(client, writes, { concurrency: 2 });

		assert.equal(batchCalls() - calls, 3);
		assert.equal(results.length, 2500);
		results.forEach((result, index) => {
			assert.ok(result.ok, JSON.stringify(result));
			assert.equal(result.id, recordGuidFrom(writes[index].objectKey));
			assert.equal(result.reconciled, undefined, 'made now');
		});
		assert.match(recordGuidFrom(writes[0].objectKey), VERSION_5_GUID);
		const stored = new Map(contacts().map((record) => [record.contactid, record]));
		assert.equal(stored.get(recordGuidFrom(writes[1234].objectKey))?.lastname, 'first-sync 1234');
		const call = dataverse.requestsTo('/api/data/v9.2/$batch', 'POST').at(-1);
		assert.equal(call?.headers.prefer, 'odata.continue-on-error');
		assert.doesNotMatch(
			String(call?.body),
			/changeset/i,
			'each write is its own request, not an all-or-nothing change set',
		);
	});

	it('resent after a crash, the creates update the records the first attempt made: no duplicate, reconciled', async () => {
		const first = creates('rerun', 20);
		await writer.send(client, first, { concurrency: 1 });
		const count = contacts().length;

		const resent = first.map((write) => ({ ...write, body: { ...write.body, jobtitle: 'Changed since' } }));
		const results = await writer.send(client, resent, { concurrency: 1 });

		assert.equal(contacts().length, count);
		for (const [index, result] of results.entries()) {
			assert.ok(result.ok);
			assert.equal(result.reconciled, true);
			assert.equal(result.id, recordGuidFrom(first[index].objectKey));
		}
		const record = contacts().find((candidate) => candidate.contactid === recordGuidFrom(first[7].objectKey));
		assert.equal(record?.jobtitle, 'Changed since');
	});

	it('a write Dataverse refuses is one failed result in its words; the others are written', async () => {
		const writes = creates('refused', 5);
		writes[2] = { ...writes[2], body: { lastname: 'Typo', emailadress1: 'typo@example.nl' } };
		const results = await writer.send(client, writes, { concurrency: 1 });

		const failed = results[2];
		assert.equal(failed.ok, false);
		assert.ok(!failed.ok);
		assert.equal(failed.status, 400);
		assert.equal(failed.code, '0x80060888');
		assert.match(
			failed.message,
			/^The property 'emailadress1' does not exist on type 'Microsoft\.Dynamics\.CRM\.contact'/,
		);
		assert.equal(failed.transient, false);
		assert.deepEqual(
			results.map((result) => result.ok),
			[true, true, false, true, true],
		);
		assert.ok(!contacts().some((record) => record.contactid === recordGuidFrom(writes[2].objectKey)));
	});

	it('updates carry If-Match: * (a missing record fails, never appears); deleting a record already gone is done', async () => {
		const [kept, removed] = dataverse.seed('contacts', [{ lastname: 'Kept' }, { lastname: 'Removed' }]);
		const missing = '00000000-0000-4000-8000-00000000dead';
		const count = contacts().length;
		const results = await writer.send(
			client,
			[
				{ action: 'update', id: String(kept.contactid), objectKey: objectKey('kept'), body: { firstname: 'Now' } },
				{ action: 'update', id: missing, objectKey: objectKey('missing'), body: { firstname: 'Never' } },
				{ action: 'delete', id: String(removed.contactid), objectKey: objectKey('removed'), body: {} },
				{ action: 'delete', id: missing, objectKey: objectKey('gone'), body: {} },
			],
			{ concurrency: 1 },
		);

		assert.deepEqual(results[0], { ok: true, id: kept.contactid });
		assert.ok(!results[1].ok);
		assert.equal(results[1].status, 404);
		assert.equal(results[1].transient, false);
		assert.deepEqual(results[2], { ok: true, id: removed.contactid });
		assert.deepEqual(results[3], { ok: true, id: missing });
		assert.equal(kept.firstname, 'Now');
		assert.equal(contacts().length, count - 1);
		assert.ok(!contacts().some((record) => record.contactid === missing));
	});

	it('a write throttled, or meeting a deadlock, is a transient failure; a duplicate key is not', async () => {
		const writes = creates('contention', 4);
		const guid = (index: number) => recordGuidFrom(writes[index].objectKey);
		dataverse.inject({ inBatch: true, status: 429, pathIncludes: guid(0) });
		dataverse.inject({
			inBatch: true,
			status: 500,
			pathIncludes: guid(1),
			body: { error: { code: '0x80044150', message: 'Generic SQL error.' } },
		});
		// A code the description lists as transient is one whatever the status says.
		dataverse.inject({
			inBatch: true,
			status: 400,
			pathIncludes: guid(2),
			body: { error: { code: '0x80044151', message: 'SQL timeout expired.' } },
		});
		dataverse.inject({
			inBatch: true,
			status: 412,
			pathIncludes: guid(3),
			body: { error: { code: '0x80040237', message: 'A record with matching key values already exists.' } },
		});
		const results = await writer.send(client, writes, { concurrency: 1 });

		assert.deepEqual(
			results.map((result) => (result.ok ? 'ok' : [result.status, result.code, result.transient])),
			[
				[429, '0x80072322', true],
				[500, '0x80044150', true],
				[400, '0x80044151', true],
				[412, '0x80040237', false],
			],
		);
	});

	it("a batch refused as a whole rejects with the client's typed error", async () => {
		const refusing = bulkWriterFor({
			descriptor: dynamics365Connector,
			resource: 'contacts',
			credentials: { environmentUrl: dataverse.url, accessToken: 'revoked' },
		});
		await assert.rejects(
			refusing?.send(client, creates('refused-call', 3), { concurrency: 1 }) ?? Promise.resolve(),
			(error: unknown) => error instanceof PermanentHttpError && error.status === 401,
		);
	});

	it('a first sync of 10,000 contacts costs 10 calls, at most one call per 50 records', async () => {
		const writes = creates('ten-thousand', 10_000);
		const calls = batchCalls();
		const results = await writer.send(client, writes, { concurrency: 4 });
		const made = batchCalls() - calls;

		assert.equal(made, 10);
		assert.ok(made <= writes.length / 50);
		assert.ok(results.every((result) => result.ok));
	});
});
