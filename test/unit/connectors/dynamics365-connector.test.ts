import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	buildWebhookRequest,
	dynamics365Connector,
	extractId,
	idFromEntityUrl,
	readRateLimit,
	webhookServiceEndpoint,
} from '../../../runtime/connectors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { call, fetchAll, send, withListOverride } from './connector-client';
import { clientCredentialsToken } from './oauth-grants';

describe('Dynamics 365 connector against the fake Dataverse', () => {
	const dataverse = new FakeDynamics365();
	let credentials: Record<string, unknown>;
	before(async () => {
		await dataverse.start();
		const token = await clientCredentialsToken(dataverse, dataverse.clientSecret);
		assert.equal(token.status, 200);
		credentials = { environmentUrl: dataverse.url, accessToken: token.body.access_token };
	});
	after(() => dataverse.stop());

	it('rejects a wrong client secret the way Entra ID does', async () => {
		const token = await clientCredentialsToken(dataverse, 'wrong');
		assert.equal(token.status, 401);
		assert.equal(token.body.error, 'invalid_client');
		assert.match(String(token.body.error_description), /^AADSTS7000215/);
	});

	it('pages contacts by @odata.nextLink with Prefer: odata.maxpagesize, each once', async () => {
		const seeded = dataverse.seed(
			'contacts',
			Array.from({ length: 11 }, (_, index) => ({ firstname: `F${index}`, lastname: `L${index}` })),
		);
		const small = withListOverride(dynamics365Connector, 'contacts', { headers: { Prefer: 'odata.maxpagesize=4' } });
		const { records, requests } = await fetchAll(small, 'contacts', { credentials });
		assert.deepEqual(
			records.map((record) => extractId(record, 'contactid')),
			seeded.map((contact) => contact.contactid),
		);
		assert.equal(requests.length, 3);
		assert.equal(requests[0].headers.prefer, 'odata.maxpagesize=4');
		assert.equal(requests[0].headers['odata-version'], '4.0');
		assert.match(requests[1].url, /\$skiptoken=/);
	});

	it('lists memberships', async () => {
		dataverse.seed('new_memberships', [{ new_name: 'Full member' }, { new_name: 'Family member' }]);
		const { records } = await fetchAll(dynamics365Connector, 'memberships', { credentials });
		assert.deepEqual(
			records.map((record) => (record as { new_name: string }).new_name),
			['Full member', 'Family member'],
		);
		assert.ok(records.every((record) => extractId(record, 'new_membershipid') !== undefined));
	});

	it('creates (204 + OData-EntityId), reads back, and refuses to update a missing record', async () => {
		const created = await call(dynamics365Connector, 'contacts', 'create', {
			credentials,
			body: { firstname: 'Kari', lastname: 'Nordmann' },
		});
		assert.equal(created.status, 204);
		const id = idFromEntityUrl(created.headers.get('odata-entityid'));
		assert.match(id ?? '', GUID);
		const fetched = await call(dynamics365Connector, 'contacts', 'get', { credentials, id });
		assert.equal((fetched.body as { lastname: string }).lastname, 'Nordmann');
		const missing = await call(dynamics365Connector, 'contacts', 'update', {
			credentials,
			id: '00000000-0000-0000-0000-000000000000',
			body: { lastname: 'X' },
		});
		assert.equal(missing.status, 404);
		assert.match((missing.body as { error: { message: string } }).error.message, /Does Not Exist/);
	});

	it('rejects a missing token with a bare 401 and WWW-Authenticate', async () => {
		const response = await call(dynamics365Connector, 'contacts', 'list', {
			credentials: { environmentUrl: dataverse.url },
		});
		assert.equal(response.status, 401);
		assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer authorization_uri=/);
	});

	it('reads the burst-remaining header and Retry-After on 429', async () => {
		dataverse.inject({ status: 429, retryAfter: 12 });
		const limited = await call(dynamics365Connector, 'contacts', 'list', { credentials });
		assert.equal(limited.status, 429);
		const state = readRateLimit(limited.headers, dynamics365Connector);
		assert.equal(state.retryAfterMs, 12_000);
		assert.ok(state.remaining !== undefined && state.remaining < 8000);
	});

	it('registers a webhook service endpoint that authenticates with a header key', async () => {
		const body = webhookServiceEndpoint(
			'SyncBridge contacts',
			'https://n8n.example.test/webhook/d365',
			'x-syncbridge-key',
			'k"ey&1',
		);
		assert.equal(body.authvalue, '<settings><setting name="x-syncbridge-key" value="k&quot;ey&amp;1" /></settings>');
		const response = await send(buildWebhookRequest(dynamics365Connector, 'register', { credentials, body }));
		assert.equal(response.status, 204);
		assert.match(idFromEntityUrl(response.headers.get('odata-entityid')) ?? '', GUID);
	});
});
