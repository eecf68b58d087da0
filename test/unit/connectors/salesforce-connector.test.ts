import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractId, modifiedSinceSoql, readRateLimit, salesforceConnector } from '../../../runtime/connectors';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { call, fetchAll } from './connector-client';
import { authorizationCodeToken } from './oauth-grants';

describe('Salesforce connector against the fake Salesforce', () => {
	const salesforce = new FakeSalesforce();
	let credentials: Record<string, unknown>;
	before(async () => {
		await salesforce.start();
		// The OAuth2 authorization-code exchange n8n performs, done by hand.
		const token = await authorizationCodeToken(salesforce);
		const granted = token.body as { access_token: string; instance_url: string; refresh_token: string };
		assert.equal(token.status, 200);
		assert.equal(granted.refresh_token, 'fake-refresh-token');
		credentials = { instanceUrl: granted.instance_url, accessToken: granted.access_token };
	});
	after(() => salesforce.stop());

	it('polls by LastModifiedDate across nextRecordsUrl batches, each changed contact once', async () => {
		const seeded = salesforce.seedContacts(9);
		salesforce.batchSize = 3;
		const since = new Date(seeded[1].LastModifiedDate);
		const q = modifiedSinceSoql('Contact', ['FirstName', 'Email', 'ExternalId__c'], since);
		assert.equal(
			q,
			`SELECT Id, FirstName, Email, ExternalId__c, LastModifiedDate FROM Contact WHERE LastModifiedDate > ${since.toISOString().replace('.000Z', 'Z')} ORDER BY LastModifiedDate ASC`,
		);
		const { records, requests } = await fetchAll(salesforceConnector, 'contacts', { credentials, query: { q } });
		const ids = records.map((record) => extractId(record, 'Id'));
		assert.deepEqual(
			ids,
			seeded.slice(2).map((contact) => contact.Id),
		);
		assert.equal(requests.length, 3);
		assert.match(new URL(requests[1].url).pathname, /^\/services\/data\/v60\.0\/query\/01gFAKE\d+-3$/);
	});

	it('upserts by external id: 201 created, then 200 with created false', async () => {
		const parameters = { externalIdField: 'ExternalId__c' };
		const created = await call(salesforceConnector, 'contacts', 'upsert', {
			credentials,
			id: 'app-new-1',
			parameters,
			body: { LastName: 'Nygaard' },
		});
		assert.equal(created.status, 201);
		assert.equal((created.body as { created: boolean }).created, true);
		const updated = await call(salesforceConnector, 'contacts', 'upsert', {
			credentials,
			id: 'app-new-1',
			parameters,
			body: { LastName: 'Dahl' },
		});
		assert.equal(updated.status, 200);
		assert.deepEqual(updated.body, { id: extractId(created.body), success: true, errors: [], created: false });
		const stored = salesforce.contacts.filter((contact) => contact.ExternalId__c === 'app-new-1');
		assert.equal(stored.length, 1);
		assert.equal(stored[0].LastName, 'Dahl');

		const wrongField = await call(salesforceConnector, 'contacts', 'upsert', {
			credentials,
			id: 'x',
			parameters: { externalIdField: 'Email' },
			body: {},
		});
		assert.equal(wrongField.status, 404);
	});

	it('answers 204 to an update through an API version before 46.0', async () => {
		const v45 = { ...salesforceConnector, baseUrl: '{{instanceUrl}}/services/data/v45.0' };
		const parameters = { externalIdField: 'ExternalId__c' };
		assert.equal(
			(await call(v45, 'contacts', 'upsert', { credentials, id: 'app-old-1', parameters, body: { LastName: 'A' } }))
				.status,
			201,
		);
		const updated = await call(v45, 'contacts', 'upsert', {
			credentials,
			id: 'app-old-1',
			parameters,
			body: { LastName: 'B' },
		});
		assert.equal(updated.status, 204);
		assert.equal(updated.body, undefined);
	});

	it('rejects an invalid session with INVALID_SESSION_ID', async () => {
		const response = await call(salesforceConnector, 'contacts', 'get', {
			credentials: { ...credentials, accessToken: 'expired' },
			id: '003FAKE00000000001',
		});
		assert.equal(response.status, 401);
		assert.deepEqual(response.body, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
	});

	it('reads API usage from Sforce-Limit-Info and Retry-After from a 429', async () => {
		const ok = await call(salesforceConnector, 'contacts', 'list', {
			credentials,
			query: { q: 'SELECT Id FROM Contact' },
		});
		const usage = readRateLimit(ok.headers, salesforceConnector);
		assert.equal(usage.limit, 15000);
		assert.ok(usage.remaining !== undefined && usage.remaining < 15000 && usage.remaining > 14900);

		salesforce.inject({ status: 429, retryAfter: 7 });
		const limited = await call(salesforceConnector, 'contacts', 'list', {
			credentials,
			query: { q: 'SELECT Id FROM Contact' },
		});
		assert.equal(limited.status, 429);
		assert.equal(readRateLimit(limited.headers, salesforceConnector).retryAfterMs, 7000);
	});

	it('refuses SOQL names that are not identifiers', () => {
		assert.throws(() => modifiedSinceSoql('Contact', ['Id FROM User --'], new Date()), /Not a Salesforce field/);
	});
});
