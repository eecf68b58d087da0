import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { IDataObject, INodeExecutionData, INodePropertyOptions, ResourceMapperFields } from 'n8n-workflow';

import { SyncBridgeContractCheck } from '../../../nodes/SyncBridgeContractCheck/SyncBridgeContractCheck.node';
import { SyncBridgeUpsert } from '../../../nodes/SyncBridgeUpsert/SyncBridgeUpsert.node';
import { TARGET_FIELDS_METHOD } from '../../../nodes/shared/target-fields';
import { closeAllStores } from '../../../runtime/contracts/open-store';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { executeContext, inputItems, loadOptionsContext } from '../connector-nodes/fake-n8n-context';

const upsert = new SyncBridgeUpsert();
const matchKeys = upsert.methods.loadOptions.getMatchKeyFields as (this: unknown) => Promise<INodePropertyOptions[]>;
const fieldList = upsert.methods.resourceMapping[TARGET_FIELDS_METHOD] as (
	this: unknown,
) => Promise<ResourceMapperFields>;

describe('SyncBridge Upsert picks fields from the target resource', () => {
	const salesforce = new FakeSalesforce();
	before(() => salesforce.start());
	after(() => salesforce.stop());

	it('Upsert By lists the external-ID fields Salesforce reports once a credential is chosen', async () => {
		const credentials = {
			syncBridgeSalesforceOAuth2Api: { instanceUrl: salesforce.url, accessToken: salesforce.accessToken },
		};
		const { context } = loadOptionsContext(
			{ connector: 'salesforce', resource: 'contacts', upsertBy: '' },
			credentials,
		);
		const options = await matchKeys.call(context);
		assert.deepEqual(
			options.map((option) => option.value),
			['', 'ExternalId__c'],
		);
	});

	it('without a credential, a saved key stays choosable and is marked, so an example workflow opens as it was saved', async () => {
		const { context, sent } = loadOptionsContext({
			connector: 'salesforce',
			resource: 'contacts',
			upsertBy: 'ExternalId__c',
		});
		const options = await matchKeys.call(context);
		assert.equal(sent.length, 0);
		assert.deepEqual(
			options.map((option) => [option.value, option.name]),
			[
				['', 'None (Create, Then Update by ID)'],
				['ExternalId__c', 'ExternalId__c (not listed without a credential)'],
			],
		);
	});

	it("lists the chosen resource's writable fields for Send: Mapped Fields", async () => {
		const { context } = loadOptionsContext({ connector: 'stripe', resource: 'customers' });
		const { fields } = await fieldList.call(context);
		assert.ok(fields.some((field) => field.id === 'email'));
		assert.ok(!fields.some((field) => field.id === 'id'), 'read-only fields are not offered');
	});
});

describe('SyncBridge Upsert, Send: Mapped Fields', () => {
	const stripe = new FakeStripe();
	let dir: string;
	before(async () => {
		await stripe.start();
		dir = mkdtempSync(join(tmpdir(), 'syncbridge-upsert-fields-'));
	});
	after(async () => {
		await closeAllStores();
		await stripe.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('writes the fields as set in the node for each item, keeps the contract envelope, and sends a bad item to Error alone', async () => {
		const credentials = { syncBridgeStripeApi: { baseUrl: stripe.url, secretKey: stripe.secretKey } };
		const store = { store: 'sqlite', sqlitePath: join(dir, 'contracts.sqlite') };
		const users: IDataObject[] = [
			{ id: 'u1', mail: 'ada@example.test', first: 'Ada' },
			{ id: 'u2', mail: 'bad@example.test', first: 'Bad' },
		];
		const check = executeContext(
			{
				synchronizationId: 'upsert-fields',
				originIdPath: 'id',
				inboundSide: 'origin',
				volatileFields: '',
				configVersion: '1',
				mappingVersion: '1',
				force: false,
				detectOrphans: false,
				...store,
			},
			inputItems(users),
			credentials,
		);
		const [routed] = await new SyncBridgeContractCheck().execute.call(check.context);
		// What n8n hands the node per item after evaluating the resource mapper's expressions.
		const evaluated = [
			{ email: 'ada@example.test', name: 'Ada', 'metadata.app_user_id': 'u1' },
			{ metadata: 'flat', 'metadata.app_user_id': 'u2' },
		];
		const parameters = {
			target: 'connector',
			connector: 'stripe',
			resource: 'customers',
			bodySource: 'mapped',
			pathParameters: '{}',
			upsertBy: '',
			conflictPolicy: 'none',
			volatileFields: '',
			testRun: false,
			options: { maxAttempts: 1, concurrency: 1 },
			...store,
		};
		const run = executeContext(
			(name: string, item: number) =>
				name === 'fields.value' ? evaluated[item] : (parameters as Record<string, unknown>)[name],
			routed,
			credentials,
		);
		const [written, failed] = (await upsert.execute.call(run.context)) as INodeExecutionData[][];

		assert.equal(written.length, 1);
		assert.deepEqual(written[0].pairedItem, { item: 0 });
		assert.deepEqual(
			stripe.customers.map((customer) => [customer.email, customer.name, customer.metadata]),
			[['ada@example.test', 'Ada', { app_user_id: 'u1' }]],
			'exactly the mapped fields were written, not the input item',
		);
		assert.equal(failed.length, 1);
		assert.deepEqual(failed[0].pairedItem, { item: 1 });
		assert.equal((failed[0].json.error as { code: string }).code, 'INVALID_FIELDS');
	});
});
