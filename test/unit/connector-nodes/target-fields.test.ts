import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
	NodeHelpers,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type ResourceMapperField,
	type ResourceMapperFields,
} from 'n8n-workflow';
import { SyncBridgeDynamics365 } from '../../../nodes/SyncBridgeDynamics365/SyncBridgeDynamics365.node';
import { SyncBridgeSalesforce } from '../../../nodes/SyncBridgeSalesforce/SyncBridgeSalesforce.node';
import { SyncBridgeStripe } from '../../../nodes/SyncBridgeStripe/SyncBridgeStripe.node';
import { SyncBridgeXledger } from '../../../nodes/SyncBridgeXledger/SyncBridgeXledger.node';
import {
	builtInSystemTarget,
	targetFieldsMethod,
	TARGET_FIELDS_METHOD,
	toResourceMapperFields,
} from '../../../nodes/shared/target-fields';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { executeContext, inputItems, loadOptionsContext, type Credentials } from './fake-n8n-context';

type FieldMethod = (this: unknown) => Promise<ResourceMapperFields>;
type Executable = { execute(this: unknown): Promise<INodeExecutionData[][]> };

const fieldMethod = (node: { methods: { resourceMapping: Record<string, unknown> } }) =>
	node.methods.resourceMapping[TARGET_FIELDS_METHOD] as FieldMethod;

async function listFields(method: FieldMethod, parameters: Record<string, unknown>, credentials: Credentials = {}) {
	const { context, sent } = loadOptionsContext(parameters, credentials);
	return { result: await method.call(context), sent };
}

async function run(
	node: Executable,
	parameters: Record<string, unknown>,
	items: INodeExecutionData[],
	credentials: Credentials,
) {
	const { context, sent } = executeContext({ options: { maxAttempts: 1 }, ...parameters }, items, credentials);
	const [success, errors] = await node.execute.call(context);
	return { success, errors, sent };
}

/** What n8n stores for a resource mapper: the values set below and the schema the editor loaded. */
const mapper = (
	schema: ResourceMapperField[],
	value: Record<string, unknown>,
	extra: Partial<{ mappingMode: string; matchingColumns: string[] }> = {},
) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema,
	attemptToConvertTypes: false,
	convertFieldsToString: false,
	...extra,
});

const field = (result: ResourceMapperFields, id: string) => result.fields.find((candidate) => candidate.id === id);
const formKeys = (body: string | undefined) => [...new URLSearchParams(body ?? '').keys()].sort();
const failure = (item: INodeExecutionData) => (item.json._syncbridge as IDataObject).error as IDataObject;

describe('field schemas as n8n resource mapper fields', () => {
	it('leaves read-only fields out, puts the description after the name, offers match keys for matching', () => {
		const converted = toResourceMapperFields([
			{ id: 'email', displayName: 'Email', type: 'string', required: true, description: 'Login address' },
			{ id: 'plan', displayName: 'Plan', type: 'options', options: [{ name: 'Gold', value: 'gold' }] },
			{ id: 'ExternalId__c', displayName: 'External ID', type: 'string', matchKey: true },
			{ id: 'id', displayName: 'ID', type: 'string', readOnly: true },
		]);
		assert.deepEqual(converted, {
			fields: [
				{
					id: 'email',
					displayName: 'Email — Login address',
					required: true,
					defaultMatch: false,
					canBeUsedToMatch: false,
					display: true,
					type: 'string',
				},
				{
					id: 'plan',
					displayName: 'Plan',
					required: false,
					defaultMatch: false,
					canBeUsedToMatch: false,
					display: true,
					type: 'options',
					options: [{ name: 'Gold', value: 'gold' }],
				},
				{
					id: 'ExternalId__c',
					displayName: 'External ID',
					required: false,
					defaultMatch: false,
					canBeUsedToMatch: true,
					display: true,
					type: 'string',
				},
			],
		});
		assert.equal(
			toResourceMapperFields([{ id: 'email', displayName: 'Email', type: 'string', required: true }], {
				forUpdate: true,
			}).fields[0].required,
			false,
		);
		assert.deepEqual(toResourceMapperFields([{ id: 'id', displayName: 'ID', type: 'string', readOnly: true }]), {
			fields: [],
			emptyFieldsNotice: 'This resource has no fields to write',
		});
	});
});

describe('the resource mapping method of connector nodes', () => {
	const salesforce = new FakeSalesforce();
	const dataverse = new FakeDynamics365();
	let salesforceCredentials: Credentials;
	let dataverseCredentials: Credentials;
	before(async () => {
		await Promise.all([salesforce.start(), dataverse.start()]);
		salesforceCredentials = {
			syncBridgeSalesforceOAuth2Api: { instanceUrl: salesforce.url, accessToken: salesforce.accessToken },
		};
		dataverse.issuedTokens.add('editor-token');
		dataverseCredentials = {
			syncBridgeDynamics365OAuth2Api: { environmentUrl: dataverse.url, accessToken: 'editor-token' },
		};
	});
	after(() => Promise.all([salesforce.stop(), dataverse.stop()]));

	it('without a credential lists the static schema and sends nothing', async () => {
		const { result, sent } = await listFields(fieldMethod(new SyncBridgeSalesforce()), {
			resource: 'contacts',
			operation: 'create',
		});
		assert.equal(sent.length, 0);
		assert.equal(field(result, 'LastName')?.required, true);
		assert.equal(field(result, 'ExternalId__c'), undefined);
		assert.equal(field(result, 'Id'), undefined, 'read-only');
	});

	it('with a Salesforce credential lists the describe through the credential, external ids to match on', async () => {
		const { result, sent } = await listFields(
			fieldMethod(new SyncBridgeSalesforce()),
			{ resource: 'contacts', operation: 'upsert' },
			salesforceCredentials,
		);
		assert.equal(sent.length, 1);
		assert.equal(sent[0].credentialType, 'syncBridgeSalesforceOAuth2Api');
		assert.equal(sent[0].url, `${salesforce.url}/services/data/v60.0/sobjects/Contact/describe`);
		assert.deepEqual(field(result, 'ExternalId__c'), {
			id: 'ExternalId__c',
			displayName: 'ExternalId',
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: true,
			display: true,
			type: 'string',
		});
		assert.deepEqual(
			result.fields.filter((candidate) => candidate.canBeUsedToMatch).map((candidate) => candidate.id),
			['ExternalId__c'],
		);
	});

	it('makes no field required for an update', async () => {
		const { result } = await listFields(
			fieldMethod(new SyncBridgeSalesforce()),
			{ resource: 'contacts', operation: 'update' },
			salesforceCredentials,
		);
		assert.equal(field(result, 'LastName')?.required, false);
	});

	it('shows a failing live call with the system message', async () => {
		const expired = { syncBridgeSalesforceOAuth2Api: { instanceUrl: salesforce.url, accessToken: 'expired' } };
		await assert.rejects(
			listFields(fieldMethod(new SyncBridgeSalesforce()), { resource: 'contacts', operation: 'create' }, expired),
			(error: unknown) => {
				assert.equal((error as Error).name, 'NodeOperationError');
				assert.equal(
					(error as Error).message,
					'Could not load the Contact fields from Salesforce: Salesforce answered HTTP 401: Session expired or invalid',
				);
				return true;
			},
		);
	});

	it('with a Dynamics 365 credential lists custom columns and the alternate key', async () => {
		const { result } = await listFields(
			fieldMethod(new SyncBridgeDynamics365()),
			{ resource: 'contacts', operation: 'create' },
			dataverseCredentials,
		);
		assert.equal(field(result, 'sb_membernumber')?.canBeUsedToMatch, true);
		assert.equal(field(result, 'sb_membernumber')?.displayName, 'Member Number — The member number in the application');
		assert.equal(field(result, 'lastname')?.required, true);
	});

	it('serves a node that picks the system and resource itself (the Mapper)', async () => {
		const method = targetFieldsMethod(builtInSystemTarget({ system: 'system', resource: 'target' })) as FieldMethod;
		const { result } = await listFields(method, { system: 'dynamics365', target: 'memberships' }, dataverseCredentials);
		assert.ok(field(result, 'new_Contact@odata.bind'));
		assert.deepEqual(await listFields(method, { system: 'dynamics365' }).then((listed) => listed.result), {
			fields: [],
			emptyFieldsNotice: 'Choose a system and a resource first',
		});
	});
});

describe('connector node writes with Mapped Fields', () => {
	const stripe = new FakeStripe();
	const salesforce = new FakeSalesforce();
	let credentials: Credentials;
	let stripeSchema: ResourceMapperField[];
	before(async () => {
		await Promise.all([stripe.start(), salesforce.start()]);
		credentials = {
			syncBridgeStripeApi: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			syncBridgeSalesforceOAuth2Api: { instanceUrl: salesforce.url, accessToken: salesforce.accessToken },
		};
		stripeSchema = (
			await listFields(fieldMethod(new SyncBridgeStripe()), { resource: 'customers', operation: 'create' })
		).result.fields;
	});
	after(() => Promise.all([stripe.stop(), salesforce.stop()]));

	it('Create writes exactly the mapped fields, nested ones as Stripe expects them', async () => {
		const item = inputItems([{ mail: 'm@example.test', displayName: 'Mia', city: 'Bergen', secret: 'not mapped' }]);
		const fields = mapper(stripeSchema, {
			email: 'm@example.test',
			name: 'Mia',
			'address.city': 'Bergen',
			'metadata.app_user_id': 'u-7',
			phone: null,
		});
		const { success, errors, sent } = await run(
			new SyncBridgeStripe(),
			{ resource: 'customers', operation: 'create', bodySource: 'mapped', fields },
			item,
			credentials,
		);
		assert.deepEqual(errors, []);
		assert.deepEqual(formKeys(sent[0].body), ['address[city]', 'email', 'metadata[app_user_id]', 'name']);
		const stored = stripe.customers.find((customer) => customer.id === success[0].json.id);
		assert.deepEqual(
			[stored?.email, stored?.name, stored?.phone, stored?.metadata],
			['m@example.test', 'Mia', null, { app_user_id: 'u-7' }],
		);
	});

	it('Map Automatically takes the item fields named like target fields, nothing else', async () => {
		const item = inputItems([
			{ email: 'auto@example.test', name: 'Auto', favouriteColour: 'green', _syncbridge: { inboundId: 'x' } },
		]);
		const fields = mapper(stripeSchema, {}, { mappingMode: 'autoMapInputData' });
		const { errors, sent } = await run(
			new SyncBridgeStripe(),
			{ resource: 'customers', operation: 'create', bodySource: 'mapped', fields },
			item,
			credentials,
		);
		assert.deepEqual(errors, []);
		assert.deepEqual(formKeys(sent[0].body), ['email', 'name']);
	});

	it('a required field without a value fails the item before anything is sent', async () => {
		const schema = (
			await listFields(fieldMethod(new SyncBridgeSalesforce()), { resource: 'contacts', operation: 'create' })
		).result.fields;
		const { success, errors, sent } = await run(
			new SyncBridgeSalesforce(),
			{
				resource: 'contacts',
				operation: 'create',
				bodySource: 'mapped',
				fields: mapper(schema, { FirstName: 'Ola', LastName: '' }),
			},
			inputItems([{ keep: 1 }]),
			credentials,
		);
		assert.equal(success.length, 0);
		assert.equal(sent.length, 0);
		assert.equal(errors[0].json.keep, 1);
		assert.equal(failure(errors[0]).message, 'Required field has no value: LastName');
	});

	it('Create or Update finds the record by the external-id field matched on, which stays out of the body', async () => {
		const schema = (
			await listFields(
				fieldMethod(new SyncBridgeSalesforce()),
				{ resource: 'contacts', operation: 'upsert' },
				credentials,
			)
		).result.fields;
		const fields = mapper(
			schema,
			{ ExternalId__c: 'app-77', LastName: 'Sju', Email: 's@example.test' },
			{ matchingColumns: ['ExternalId__c'] },
		);
		const parameters = { resource: 'contacts', operation: 'upsert', bodySource: 'mapped', fields };
		const first = await run(new SyncBridgeSalesforce(), parameters, inputItems([{}]), credentials);
		assert.deepEqual(first.errors, []);
		assert.equal(first.sent[0].method, 'PATCH');
		assert.match(first.sent[0].url, /\/sobjects\/Contact\/ExternalId__c\/app-77$/);
		assert.deepEqual(JSON.parse(first.sent[0].body ?? ''), { LastName: 'Sju', Email: 's@example.test' });
		assert.equal(first.success[0].json.created, true);
		const second = await run(
			new SyncBridgeSalesforce(),
			{ ...parameters, fields: { ...fields, value: { ExternalId__c: 'app-77', LastName: 'Sju B' } } },
			inputItems([{}]),
			credentials,
		);
		assert.equal(second.success[0].json.created, false);
		assert.deepEqual(
			salesforce.contacts
				.filter((contact) => contact.ExternalId__c === 'app-77')
				.map((contact) => [contact.LastName, contact.Email]),
			[['Sju B', 's@example.test']],
		);

		const keyless = await run(
			new SyncBridgeSalesforce(),
			{ ...parameters, fields: { ...fields, value: { LastName: 'No key' } } },
			inputItems([{}]),
			credentials,
		);
		assert.equal(failure(keyless.errors[0]).message, 'The field to match on, ExternalId__c, has no value');
	});
});

describe('connector node parameters, version 1 and 2', () => {
	const property = (properties: INodeProperties[], name: string, matches: (candidate: INodeProperties) => boolean) =>
		properties.filter((candidate) => candidate.name === name && matches(candidate));
	const forVersion = (version: 1 | 2) => (candidate: INodeProperties) => {
		const shown = candidate.displayOptions?.show?.['@version'] as unknown[] | undefined;
		return shown === undefined || (version === 1 ? shown.includes(1) : !shown.includes(1));
	};

	it('version 1 nodes keep Input Item as the default; version 2 sends Mapped Fields by default', () => {
		const node = new SyncBridgeStripe();
		assert.deepEqual(node.description.version, [1, 2]);
		const properties = node.description.properties;
		const [v1] = property(properties, 'bodySource', forVersion(1));
		const [v2] = property(properties, 'bodySource', forVersion(2));
		assert.equal(v1.default, 'item');
		assert.deepEqual(
			(v1.options as INodePropertyOptions[]).map((option) => option.value),
			['item', 'json'],
		);
		assert.equal(v2.default, 'mapped');
		assert.deepEqual(
			(v2.options as INodePropertyOptions[]).map((option) => option.value),
			['mapped', 'item', 'json'],
		);
		const mappers = property(properties, 'fields', () => true);
		assert.deepEqual(
			mappers.map((candidate) => [
				candidate.type,
				candidate.displayOptions?.show?.operation,
				candidate.typeOptions?.resourceMapper?.mode,
			]),
			[
				['resourceMapper', ['create'], 'add'],
				['resourceMapper', ['update'], 'add'],
			],
		);
		assert.ok(
			mappers.every(
				(candidate) => candidate.typeOptions?.resourceMapper?.resourceMapperMethod === TARGET_FIELDS_METHOD,
			),
		);
	});

	it('n8n resolves a saved version 1 node to Input Item and a new version 2 node to Mapped Fields', () => {
		const description = new SyncBridgeStripe().description;
		const saved = { resource: 'customers', operation: 'create' };
		const resolve = (typeVersion: number) =>
			NodeHelpers.getNodeParameters(description.properties, saved, true, false, { typeVersion }, description);
		assert.equal(resolve(1)?.bodySource, 'item');
		assert.equal(resolve(1)?.fields, undefined);
		assert.equal(resolve(2)?.bodySource, 'mapped');
		assert.deepEqual(resolve(2)?.fields, { mappingMode: 'defineBelow', value: null });
	});

	it('Salesforce picks the upsert key from its fields in Mapped Fields mode; Dynamics keeps its ID parameter', () => {
		const salesforce = new SyncBridgeSalesforce().description.properties;
		assert.equal(
			property(
				salesforce,
				'fields',
				(candidate) => candidate.displayOptions?.show?.operation?.includes('upsert') === true,
			)[0].typeOptions?.resourceMapper?.mode,
			'upsert',
		);
		for (const name of ['id', 'externalIdField']) {
			const upsert = property(
				salesforce,
				name,
				(candidate) => candidate.displayOptions?.show?.operation?.includes('upsert') === true,
			)[0];
			assert.deepEqual(upsert.displayOptions?.hide, { bodySource: ['mapped'] }, name);
		}
		const dynamics = new SyncBridgeDynamics365().description.properties;
		const upsertId = property(
			dynamics,
			'id',
			(candidate) =>
				candidate.displayOptions?.show?.resource?.includes('contacts') === true &&
				candidate.displayOptions?.show?.operation?.includes('upsert') === true,
		)[0];
		assert.equal(upsertId.displayOptions?.hide, undefined);
	});

	it('a GraphQL write (Xledger) sends its variables, so it offers no Mapped Fields', () => {
		const properties = new SyncBridgeXledger().description.properties;
		assert.deepEqual(
			property(properties, 'fields', () => true),
			[],
		);
		assert.deepEqual(
			property(properties, 'bodySource', () => true).map((candidate) => candidate.default),
			['item'],
		);
	});
});
