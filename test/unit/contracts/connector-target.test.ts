import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import { writeItem, type WriteContext, type WriteItem } from '../../../runtime/contracts/contract-writer';
import { openStore } from '../../../runtime/contracts/open-store';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import {
	connectorTargetRequests,
	consioConnector,
	cornerstoneConnector,
	dynamics365Connector,
	salesforceConnector,
	stripeConnector,
} from '../../../runtime/connectors';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { FakeConsio } from '../../fakes/systems/fake-consio';
import { FakeCornerstone } from '../../fakes/systems/fake-cornerstone';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { authorizationCodeToken, clientCredentialsToken } from '../connectors/oauth-grants';

let sync = 0;
function context(store: ContractStore, target: WriteContext['target']): WriteContext {
	return {
		store,
		client: createResilientClient({
			transport: createFetchTransport(),
			retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
		}),
		target,
		synchronizationId: `connector-target-${++sync}`,
		configVersion: 'c1',
		mappingVersion: 'm1',
	};
}

function item(inboundId: string, body: Record<string, unknown>, route: WriteItem['route']): WriteItem {
	return { inboundId, hash: canonicalHash(body), body, route };
}

describe("writing through a connector: contracts over each system's own protocol", () => {
	let store: ContractStore;
	before(async () => {
		store = await openStore({ kind: 'sqlite', path: ':memory:' });
	});
	after(() => store.close());

	describe('Stripe: form-encoded writes, ids Stripe assigns, Idempotency-Key', () => {
		const stripe = new FakeStripe();
		before(() => stripe.start());
		after(() => stripe.stop());

		it('creates, updates and deletes a customer; the contract holds what Stripe answered', async () => {
			const target = connectorTargetRequests({
				descriptor: stripeConnector,
				resource: 'customers',
				credentials: { baseUrl: stripe.url, secretKey: stripe.secretKey },
			});
			const ctx = context(store, target);
			const body = { email: 'ada@example.test', name: 'Ada', metadata: { app_user_id: 'u-1' } };
			const created = await writeItem(ctx, item('u-1', body, 'new'));
			assert.equal(created.status, 'created');
			const customerId = created.status === 'created' ? (created.targetId as string) : '';
			assert.match(customerId, /^cus_/);
			const customer = stripe.customers.find((c) => c.id === customerId) as unknown as Record<string, unknown>;
			assert.equal(customer.email, 'ada@example.test');
			assert.deepEqual(customer.metadata, { app_user_id: 'u-1' });

			const contract = await store.get(ctx.synchronizationId, 'u-1');
			// Stripe's webhook carries the customer as Stripe holds it: its hash is the echo to drop.
			assert.equal(contract?.lastWrittenTargetHash, canonicalHash(customer));
			assert.notEqual(contract?.lastWrittenTargetHash, canonicalHash(body));

			const renamed = { ...body, name: 'Ada Lovelace' };
			const updated = await writeItem(ctx, item('u-1', renamed, 'changed'));
			assert.equal(updated.status, 'updated');
			assert.equal(stripe.customers.find((c) => c.id === customerId)?.name, 'Ada Lovelace');
			assert.equal(stripe.customers.length, 1, 'an update never creates');

			const deleted = await writeItem(ctx, item('u-1', {}, 'orphaned'));
			assert.equal(deleted.status, 'deleted');
			assert.equal(
				stripe.customers.some((c) => c.id === customerId),
				false,
			);
			assert.equal(await store.get(ctx.synchronizationId, 'u-1'), undefined);
		});

		it('a customer deleted in Stripe while the app edits it: the deletion stub Stripe still reads is gone, never updated', async () => {
			const target = connectorTargetRequests({
				descriptor: stripeConnector,
				resource: 'customers',
				credentials: { baseUrl: stripe.url, secretKey: stripe.secretKey },
			});
			const ctx = { ...context(store, target), conflictPolicy: { default: 'origin' as const } };
			const body = { email: 'grace@example.test', name: 'Grace', metadata: { app_user_id: 'u-2' } };
			const created = await writeItem(ctx, item('u-2', body, 'new'));
			const deletedId = created.status === 'created' ? String(created.targetId) : '';
			await stripe.dashboardDeletesCustomer(deletedId);

			const edited = await writeItem(ctx, item('u-2', { ...body, name: 'Grace Hopper' }, 'changed'));
			assert.equal(
				stripe.requestsTo(`/v1/customers/${deletedId}`, 'POST').length,
				0,
				'no update of the deleted customer',
			);
			assert.equal(
				edited.status,
				'created',
				'read like a 404: the customer is created again, as after any deletion the read finds',
			);
			assert.notEqual(edited.status === 'created' ? edited.targetId : '', deletedId);
			assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 0);
		});

		it("a field Stripe does not know is refused with Stripe's message naming it, and kept as a dead letter", async () => {
			const ctx = context(
				store,
				connectorTargetRequests({
					descriptor: stripeConnector,
					resource: 'customers',
					credentials: { baseUrl: stripe.url, secretKey: stripe.secretKey },
				}),
			);
			const outcome = await writeItem(ctx, item('u-3', { email: 'typo@example.test', nickname: 'Typo' }, 'new'));
			assert.deepEqual(
				outcome.status === 'failed' && { code: outcome.code, httpStatus: outcome.httpStatus, message: outcome.message },
				{
					code: 'PERMANENT_HTTP_ERROR',
					httpStatus: 400,
					message: 'Stripe answered HTTP 400: Received unknown parameter: nickname',
				},
			);
			const [letter] = await store.listDeadLetters(ctx.synchronizationId);
			assert.equal(letter.errorMessage, 'Stripe answered HTTP 400: Received unknown parameter: nickname');
			assert.equal(
				stripe.customers.some((customer) => customer.email === 'typo@example.test'),
				false,
			);
		});
	});

	describe('Salesforce: upsert by external id', () => {
		const salesforce = new FakeSalesforce();
		let credentials: Record<string, unknown>;
		before(async () => {
			await salesforce.start();
			const granted = (await authorizationCodeToken(salesforce)).body as { access_token: string; instance_url: string };
			credentials = { instanceUrl: granted.instance_url, accessToken: granted.access_token };
		});
		after(() => salesforce.stop());

		it('the external id is the target id, travels in the URL only, and a rerun after a lost contract updates in place', async () => {
			const target = connectorTargetRequests({
				descriptor: salesforceConnector,
				resource: 'contacts',
				credentials,
				upsertBy: 'ExternalId__c',
			});
			const ctx = context(store, target);
			const body = { ExternalId__c: 'app-7', LastName: 'Hopper', Email: 'grace@example.test' };
			const created = await writeItem(ctx, item('app-7', body, 'new'));
			assert.deepEqual(created.status === 'created' && created.targetId, 'app-7');
			assert.equal(salesforce.contacts.length, 1);
			assert.equal((salesforce.contacts[0] as unknown as Record<string, unknown>).ExternalId__c, 'app-7');

			// The contract is lost (a crash, a new store): the upsert finds the contact by its external id.
			await store.delete(ctx.synchronizationId, 'app-7');
			const again = await writeItem(ctx, item('app-7', { ...body, LastName: 'Hopper-Murray' }, 'new'));
			assert.equal(again.status, 'created');
			assert.equal(salesforce.contacts.length, 1, 'no duplicate contact');
			assert.equal((salesforce.contacts[0] as unknown as Record<string, unknown>).LastName, 'Hopper-Murray');
		});

		it('an item without the external id fails with a clear reason and is kept as a dead letter', async () => {
			const ctx = context(
				store,
				connectorTargetRequests({
					descriptor: salesforceConnector,
					resource: 'contacts',
					credentials,
					upsertBy: 'ExternalId__c',
				}),
			);
			const outcome = await writeItem(ctx, item('app-8', { LastName: 'Nobody' }, 'new'));
			assert.equal(outcome.status, 'failed');
			assert.match(outcome.status === 'failed' ? outcome.message : '', /no "ExternalId__c" to upsert by/);
			assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 1);
		});

		it("a write Salesforce rejects fails with Salesforce's own message", async () => {
			const ctx = context(
				store,
				connectorTargetRequests({
					descriptor: salesforceConnector,
					resource: 'contacts',
					credentials,
					upsertBy: 'ExternalId__c',
				}),
			);
			const outcome = await writeItem(ctx, item('app-9', { ExternalId__c: 'app-9', FirstName: 'Only' }, 'new'));
			assert.deepEqual(
				outcome.status === 'failed' && { code: outcome.code, httpStatus: outcome.httpStatus, message: outcome.message },
				{
					code: 'PERMANENT_HTTP_ERROR',
					httpStatus: 400,
					message: 'Salesforce answered HTTP 400: Required fields are missing: [LastName]',
				},
			);
			const [letter] = await store.listDeadLetters(ctx.synchronizationId);
			assert.equal(letter.errorMessage, 'Salesforce answered HTTP 400: Required fields are missing: [LastName]');
		});

		it("a field the Contact does not have is refused with Salesforce's message naming it, and kept as a dead letter", async () => {
			const ctx = context(
				store,
				connectorTargetRequests({
					descriptor: salesforceConnector,
					resource: 'contacts',
					credentials,
					upsertBy: 'ExternalId__c',
				}),
			);
			const outcome = await writeItem(
				ctx,
				item('app-10', { ExternalId__c: 'app-10', LastName: 'Typo', Emial: 'typo@example.test' }, 'new'),
			);
			assert.equal(outcome.status === 'failed' && outcome.httpStatus, 400);
			const [letter] = await store.listDeadLetters(ctx.synchronizationId);
			assert.equal(
				letter.errorMessage,
				"Salesforce answered HTTP 400: No such column 'Emial' on sobject of type Contact",
			);
			assert.equal(
				salesforce.contacts.some((contact) => contact.ExternalId__c === 'app-10'),
				false,
			);
		});
	});

	describe('Dynamics 365: 204 with OData-EntityId', () => {
		const dataverse = new FakeDynamics365();
		let credentials: Record<string, unknown>;
		before(async () => {
			await dataverse.start();
			const token = await clientCredentialsToken(dataverse, dataverse.clientSecret);
			credentials = { environmentUrl: dataverse.url, accessToken: token.body.access_token };
		});
		after(() => dataverse.stop());

		it("takes the new contact's id from the OData-EntityId header", async () => {
			const ctx = context(
				store,
				connectorTargetRequests({ descriptor: dynamics365Connector, resource: 'contacts', credentials }),
			);
			const created = await writeItem(ctx, item('m-1', { firstname: 'Ada', lastname: 'Lovelace' }, 'new'));
			assert.equal(created.status, 'created');
			const id = created.status === 'created' ? created.targetId : null;
			assert.match(id ?? '', /^[0-9a-f-]{36}$/);
			assert.equal((await store.get(ctx.synchronizationId, 'm-1'))?.targetId, id);
		});

		it('links a membership with @odata.bind; the membership as a later list returns it hashes like the write once the OData keys are volatile', async () => {
			const [contact] = dataverse.seed('contacts', [{ firstname: 'Sanne', lastname: 'Jansen' }]);
			const volatileFields = [
				'@odata.etag',
				'new_membershipid',
				'modifiedon',
				'new_Contact@odata.bind',
				'_new_contact_value',
			];
			const ctx = {
				...context(
					store,
					connectorTargetRequests({ descriptor: dynamics365Connector, resource: 'memberships', credentials }),
				),
				volatileFields,
			};
			const body = {
				new_name: 'Full',
				new_startdate: '2026-01-01',
				new_fee: 125.5,
				'new_Contact@odata.bind': `/contacts(${String(contact.contactid)})`,
			};
			const created = await writeItem(ctx, { ...item('ms-1', body, 'new'), hash: canonicalHash(body, volatileFields) });
			assert.equal(created.status, 'created');
			const listed = await fetch(
				`${dataverse.url}/api/data/v9.2/new_memberships?$select=new_name,new_startdate,new_fee,_new_contact_value,modifiedon`,
				{
					headers: { authorization: `Bearer ${String(credentials.accessToken)}` },
				},
			);
			const [membership] = ((await listed.json()) as { value: Record<string, unknown>[] }).value;
			assert.equal(
				membership._new_contact_value,
				contact.contactid,
				'Dataverse reads the bind back as the lookup column',
			);
			assert.equal('new_Contact@odata.bind' in membership, false);
			assert.equal(
				(await store.get(ctx.synchronizationId, 'ms-1'))?.lastWrittenTargetHash,
				canonicalHash(membership, volatileFields),
			);

			const missing = await writeItem(
				ctx,
				item('ms-2', { ...body, 'new_Contact@odata.bind': '/contacts(00000000-0000-0000-0000-000000000000)' }, 'new'),
			);
			assert.equal(
				missing.status === 'failed' && missing.message,
				'Microsoft Dynamics 365 (Dataverse) answered HTTP 404: contacts With Id = 00000000-0000-0000-0000-000000000000 Does Not Exist',
			);
		});

		it("a column the table does not have is refused with Dataverse's message naming it, and kept as a dead letter", async () => {
			const ctx = context(
				store,
				connectorTargetRequests({ descriptor: dynamics365Connector, resource: 'contacts', credentials }),
			);
			const before = dataverse.records('contacts').length;
			const outcome = await writeItem(
				ctx,
				item('m-typo', { lastname: 'Typo', emailadress1: 'typo@example.nl' }, 'new'),
			);
			assert.equal(outcome.status === 'failed' && outcome.httpStatus, 400);
			const [letter] = await store.listDeadLetters(ctx.synchronizationId);
			assert.match(
				letter.errorMessage,
				/^Microsoft Dynamics 365 \(Dataverse\) answered HTTP 400: The property 'emailadress1' does not exist on type 'Microsoft\.Dynamics\.CRM\.contact'/,
			);
			assert.equal(dataverse.records('contacts').length, before);
		});
	});

	describe("Cornerstone: create-only assignments, the id at the operation's own position", () => {
		const cornerstone = new FakeCornerstone();
		let credentials: Record<string, unknown>;
		before(async () => {
			await cornerstone.start();
			cornerstone.issuedTokens.add('csod-token');
			credentials = { portalUrl: cornerstone.url, accessToken: 'csod-token' };
		});
		after(() => cornerstone.stop());

		it('takes the registration number the assign answers with as the target id', async () => {
			const ctx = context(
				store,
				connectorTargetRequests({ descriptor: cornerstoneConnector, resource: 'enrollments', credentials }),
			);
			const created = await writeItem(
				ctx,
				item(
					'enr-1',
					{ externalReference: 'enr-1', externalId: 'user1', learningObjectId: 'lo-1', assignment: 'registered' },
					'new',
				),
			);
			assert.equal(created.status, 'created');
			const registration = cornerstone.transcripts.at(-1);
			assert.equal(registration?.user_id, 'user1');
			assert.equal(created.status === 'created' && created.targetId, registration?.reg_num);
			assert.equal((await store.get(ctx.synchronizationId, 'enr-1'))?.targetId, registration?.reg_num);
		});

		it('refuses an update per item, with the reason and nothing sent, since assignments cannot be updated', async () => {
			const ctx = context(
				store,
				connectorTargetRequests({ descriptor: cornerstoneConnector, resource: 'enrollments', credentials }),
			);
			const body = {
				externalReference: 'enr-2',
				externalId: 'user2',
				learningObjectId: 'lo-2',
				assignment: 'assigned',
			};
			assert.equal((await writeItem(ctx, item('enr-2', body, 'new'))).status, 'created');
			const requests = cornerstone.requests.length;
			const outcome = await writeItem(ctx, item('enr-2', { ...body, assignment: 'registered' }, 'changed'));
			assert.equal(outcome.status === 'failed' && outcome.code, 'UNSUPPORTED_WRITE');
			assert.match(
				outcome.status === 'failed' ? outcome.message : '',
				/cannot update a Course Enrollment: the connector's 'enrollments' resource only has list, create/,
			);
			assert.equal(cornerstone.requests.length, requests);
			assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 1);
		});
	});

	describe('Consio: an export endpoint that takes batches', () => {
		const consio = new FakeConsio();
		before(() => consio.start());
		after(() => consio.stop());

		it('sends each activity as a batch of one and reads its id from the first result', async () => {
			const ctx = context(
				store,
				connectorTargetRequests({
					descriptor: consioConnector,
					resource: 'activities',
					credentials: { baseUrl: consio.url, apiKey: consio.apiKey },
				}),
			);
			const requests = consio.requests.length;
			const body = {
				externalReference: 'act-1',
				memberNumber: 10001,
				activity: 'Dugnad',
				date: '2026-04-18',
				hours: 2.5,
			};
			const created = await writeItem(ctx, item('act-1', body, 'new'));
			assert.equal(created.status, 'created');
			assert.deepEqual(JSON.parse(consio.requests[requests].body), { activities: [body] });
			assert.deepEqual(consio.activities, [{ ...body, id: '1' }]);
			assert.equal((await store.get(ctx.synchronizationId, 'act-1'))?.targetId, '1');
		});
	});

	it('refuses a resource the connector does not have, or one without the writes it needs, before any item', () => {
		assert.throws(
			() => connectorTargetRequests({ descriptor: stripeConnector, resource: 'invoices' }),
			/has no resource 'invoices' \(it has: customers\)/,
		);
		assert.throws(
			() => connectorTargetRequests({ descriptor: stripeConnector, resource: 'customers', upsertBy: 'email' }),
			/no 'upsert' operation/,
		);
	});
});
