import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
	builtInConnectors,
	buildFieldDiscoveryRequest,
	descriptorProblems,
	dynamics365Connector,
	loadTargetFields,
	recordFromFieldValues,
	reimbursementLines,
	salesforceConnector,
	stripeConnector,
	TargetFieldsError,
	type BuiltRequest,
	type ConnectorDescriptor,
	type FieldSchema,
	type LiveFieldSource,
} from '../../../runtime/connectors';
import { PermanentHttpError } from '../../../runtime/http/errors';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { describeField, FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { send } from './connector-client';

const root = join(__dirname, '..', '..', '..', '..');

/** Plain fetch as the live source, answering whatever status the fake gives. */
function liveSource(
	descriptor: ConnectorDescriptor,
	credentials: Record<string, unknown>,
	sent: BuiltRequest[] = [],
): LiveFieldSource {
	return {
		credentials,
		async send(request) {
			sent.push(request);
			const response = await send(request, descriptor);
			return { status: response.status, headers: Object.fromEntries(response.headers), body: response.body };
		},
	};
}

const byId = (fields: FieldSchema[]) => new Map(fields.map((field) => [field.id, field]));

/** The target keys of a mapping document's `mapping`. */
function mappedKeys(document: { mapping: Record<string, unknown> }): string[] {
	return Object.keys(document.mapping);
}

function workflowDocument(workflow: string, node: string): { mapping: Record<string, unknown> } {
	const exported = JSON.parse(readFileSync(join(root, 'workflows', workflow), 'utf8')) as {
		nodes: { name: string; parameters: { documentJson: string } }[];
	};
	const found = exported.nodes.find((candidate) => candidate.name === node);
	assert.ok(found, `${workflow} has a node ${node}`);
	return JSON.parse(found.parameters.documentJson);
}

/** The fields a visual Mapper (version 2) of a shipped workflow fills. */
function visualFieldKeys(workflow: string, node: string): string[] {
	const exported = JSON.parse(readFileSync(join(root, 'workflows', workflow), 'utf8')) as {
		nodes: { name: string; parameters: { fields?: { value?: Record<string, unknown> } } }[];
	};
	const found = exported.nodes.find((candidate) => candidate.name === node);
	assert.ok(found?.parameters.fields?.value, `${workflow} has a visual Mapper ${node}`);
	return Object.keys(found.parameters.fields.value);
}

const bundled = (path: string) =>
	JSON.parse(readFileSync(join(root, 'mappers', path), 'utf8')) as { mapping: Record<string, unknown> };

describe('static field schemas of the built-in connectors', () => {
	it('every resource of every built-in system declares fields, and every descriptor stays valid', () => {
		for (const descriptor of Object.values(builtInConnectors)) {
			assert.deepEqual(descriptorProblems(JSON.parse(JSON.stringify(descriptor))), [], descriptor.id);
			for (const [name, resource] of Object.entries(descriptor.resources)) {
				assert.ok((resource.fields ?? []).length > 0, `${descriptor.id}.${name} has fields`);
				for (const field of resource.fields ?? [])
					assert.ok(field.description, `${descriptor.id}.${name}.${field.id} has a description`);
			}
		}
	});

	it('has every field the scenarios write, spelled as the fakes expect', async () => {
		const cases: [string, string, string[]][] = [
			[
				'city-calendar',
				'events',
				mappedKeys(workflowDocument('scenario-1-appointments-to-calendars.json', 'Map To City Event')),
			],
			[
				'google-calendar',
				'events',
				mappedKeys(workflowDocument('scenario-1-appointments-to-calendars.json', 'Map To Google Event')),
			],
			[
				'google-calendar',
				'events',
				mappedKeys(workflowDocument('scenario-6-salesforce-contacts-to-welcome-calls.json', 'Map To Welcome Call')),
			],
			['google-calendar', 'events', mappedKeys(bundled('google-calendar/appointment-to-event.json'))],
			[
				'stripe',
				'customers',
				visualFieldKeys('scenario-5-app-users-to-stripe-customers.json', 'Map To Stripe Customer'),
			],
			['stripe', 'customers', mappedKeys(bundled('stripe/app-user-to-customer.json'))],
			[
				'dynamics365',
				'memberships',
				[...mappedKeys(bundled('dynamics365/app-membership-to-membership.json')), 'new_Contact@odata.bind'],
			],
			['consio', 'activities', mappedKeys(bundled('consio/activity-to-consio-activity.json'))],
			['consio', 'members', mappedKeys(bundled('consio/member-to-consio-member.json'))],
			['cornerstone', 'enrollments', mappedKeys(bundled('cornerstone/course-enrollment-to-assignment.json'))],
			[
				'xledger',
				'accountingEntries',
				['trRegNumber', 'postedDate', 'amount', 'account.code', 'text', 'invoiceNumber'],
			],
		];
		for (const [system, resource, keys] of cases) {
			const ids = new Set((await loadTargetFields(builtInConnectors[system], resource)).map((field) => field.id));
			assert.deepEqual(
				keys.filter((key) => !ids.has(key)),
				[],
				`${system}.${resource}`,
			);
		}
		// The Xledger export writes exactly the lines the field list names.
		const line = reimbursementLines({
			voucherNumber: 7,
			postedDate: '2025-01-31',
			amount: '10.00',
			expenseAccount: '7140',
			payableAccount: '2930',
			text: 't',
			invoiceNumber: 'r-1',
		})[0];
		assert.deepEqual(
			Object.keys(line)
				.flatMap((key) => (key === 'account' ? ['account.code'] : [key]))
				.sort(),
			['account.code', 'amount', 'invoiceNumber', 'postedDate', 'text', 'trRegNumber'],
		);
	});

	it('without a live source gives the static schema, without asking anyone', async () => {
		const fields = await loadTargetFields(stripeConnector, 'customers');
		const email = byId(fields).get('email');
		assert.deepEqual(email, {
			id: 'email',
			displayName: 'Email',
			type: 'string',
			description: "The customer's email address",
		});
		assert.equal(byId(fields).get('address.line1')?.type, 'string');
		assert.equal(byId(fields).get('id')?.readOnly, true);
		assert.ok(
			fields.every((field) => field.matchKey !== true),
			'Stripe has no external-id fields',
		);
		// Standard Salesforce fields only: a custom field is the org's, not the connector's.
		const contact = byId(await loadTargetFields(salesforceConnector, 'contacts'));
		assert.equal(contact.get('LastName')?.required, true);
		assert.equal(contact.has('ExternalId__c'), false);
	});

	it('a system without field discovery keeps its static fields even with a live source', async () => {
		const sent: BuiltRequest[] = [];
		const fields = await loadTargetFields(
			stripeConnector,
			'customers',
			liveSource(stripeConnector, { baseUrl: 'http://127.0.0.1:9' }, sent),
		);
		assert.equal(sent.length, 0);
		assert.deepEqual(fields, [...(stripeConnector.resources.customers.fields ?? [])]);
	});

	it('names an unknown resource', async () => {
		await assert.rejects(
			loadTargetFields(stripeConnector, 'invoices'),
			(error: unknown) =>
				error instanceof TargetFieldsError &&
				error.code === 'UNKNOWN_RESOURCE' &&
				/has no resource 'invoices' \(it has: customers\)/.test(error.message),
		);
	});
});

describe('live Salesforce fields from the sObject describe', () => {
	const salesforce = new FakeSalesforce();
	let credentials: Record<string, unknown>;
	before(async () => {
		await salesforce.start();
		credentials = { instanceUrl: salesforce.url, accessToken: salesforce.accessToken };
	});
	after(() => salesforce.stop());

	it('asks GET /sobjects/Contact/describe of the API version', () => {
		const request = buildFieldDiscoveryRequest(salesforceConnector, 'contacts', 'fields', { credentials });
		assert.equal(request.method, 'GET');
		assert.equal(request.url, `${salesforce.url}/services/data/v60.0/sobjects/Contact/describe`);
	});

	it('lists the org custom fields, external ids as match keys, with the static descriptions kept', async () => {
		salesforce.customFields.push(
			describeField('MemberLevel__c', 'Member Level', 'picklist', {
				custom: true,
				picklistValues: [
					{ active: true, defaultValue: false, label: 'Gold', value: 'gold' },
					{ active: false, defaultValue: false, label: 'Old', value: 'old' },
				],
			}),
		);
		const fields = byId(
			await loadTargetFields(salesforceConnector, 'contacts', liveSource(salesforceConnector, credentials)),
		);
		assert.deepEqual(fields.get('ExternalId__c'), {
			id: 'ExternalId__c',
			displayName: 'ExternalId',
			type: 'string',
			matchKey: true,
		});
		assert.deepEqual(fields.get('MemberLevel__c'), {
			id: 'MemberLevel__c',
			displayName: 'Member Level',
			type: 'options',
			options: [{ name: 'Gold', value: 'gold' }],
		});
		assert.deepEqual(fields.get('LastName'), {
			id: 'LastName',
			displayName: 'Last Name',
			type: 'string',
			required: true,
			description: "The contact's last name (up to 80 characters)",
		});
		// Defaulted on create (Email Opt Out, Owner) is not required; formulas and compound fields are read-only.
		assert.equal(fields.get('HasOptedOutOfEmail')?.required, undefined);
		assert.equal(fields.get('OwnerId')?.required, undefined);
		assert.equal(fields.get('Name')?.readOnly, true);
		assert.equal(fields.get('MailingAddress')?.readOnly, true);
		assert.equal(fields.get('Salutation')?.type, 'options');
		assert.equal(fields.get('CreatedDate')?.type, 'dateTime');
		// The scenario's Salesforce mapping finds every field it writes in the live list.
		assert.deepEqual(
			mappedKeys(bundled('salesforce/app-user-to-contact.json')).filter((key) => !fields.has(key)),
			[],
		);
		assert.equal(salesforce.customFields.pop()?.name, 'MemberLevel__c');
	});

	it('a rejected describe is a TargetFieldsError with Salesforce message and status', async () => {
		const stale = { instanceUrl: salesforce.url, accessToken: 'expired' };
		await assert.rejects(
			loadTargetFields(salesforceConnector, 'contacts', liveSource(salesforceConnector, stale)),
			(error: unknown) => {
				assert.ok(error instanceof TargetFieldsError);
				assert.equal(error.code, 'FIELD_DISCOVERY_FAILED');
				assert.equal(error.httpStatus, 401);
				assert.equal(
					error.message,
					'Could not load the Contact fields from Salesforce: Salesforce answered HTTP 401: Session expired or invalid',
				);
				return true;
			},
		);
	});

	it('a send that throws the HTTP layer error is described the same way', async () => {
		const throwing: LiveFieldSource = {
			credentials,
			send: async (request) => {
				throw new PermanentHttpError(request.method, request.url, 403, [
					{ message: 'The user does not have access to Contact', errorCode: 'INSUFFICIENT_ACCESS' },
				]);
			},
		};
		await assert.rejects(
			loadTargetFields(salesforceConnector, 'contacts', throwing),
			/^TargetFieldsError: Could not load the Contact fields from Salesforce: Salesforce answered HTTP 403: The user does not have access to Contact$/,
		);
	});

	it('an answer that is not a describe is a clear error, not an empty list', async () => {
		const wrong: LiveFieldSource = {
			credentials,
			send: async () => ({ status: 200, headers: {}, body: { records: [] } }),
		};
		await assert.rejects(
			loadTargetFields(salesforceConnector, 'contacts', wrong),
			/Could not load the Contact fields from Salesforce: The describe answer has no fields list/,
		);
	});
});

describe('live Dataverse fields from the attribute metadata and alternate keys', () => {
	const dataverse = new FakeDynamics365();
	let credentials: Record<string, unknown>;
	before(async () => {
		await dataverse.start();
		dataverse.issuedTokens.add('fields-token');
		credentials = { environmentUrl: dataverse.url, accessToken: 'fields-token' };
	});
	after(() => dataverse.stop());

	it('lists custom columns, the alternate key as match key, lookups by their bind key', async () => {
		const sent: BuiltRequest[] = [];
		const contact = byId(
			await loadTargetFields(dynamics365Connector, 'contacts', liveSource(dynamics365Connector, credentials, sent)),
		);
		assert.deepEqual(
			sent.map((request) => decodeURIComponent(new URL(request.url).pathname)),
			[
				"/api/data/v9.2/EntityDefinitions(LogicalName='contact')/Attributes",
				"/api/data/v9.2/EntityDefinitions(LogicalName='contact')/Keys",
			],
		);
		assert.match(new URL(sent[0].url).searchParams.get('$select') ?? '', /RequiredLevel/);
		assert.deepEqual(contact.get('sb_membernumber'), {
			id: 'sb_membernumber',
			displayName: 'Member Number',
			type: 'string',
			description: 'The member number in the application',
			matchKey: true,
		});
		assert.equal(contact.get('lastname')?.required, true);
		assert.equal(contact.get('lastname')?.description, "The contact's last name");
		// Static choices are kept where the metadata request did not expand the option set.
		assert.deepEqual(
			contact.get('gendercode')?.options?.map((option) => option.value),
			[1, 2],
		);
		assert.equal(contact.get('gendercode')?.type, 'options');
		assert.equal(contact.get('fullname')?.readOnly, true);
		assert.equal(contact.get('ownerid')?.readOnly, true, 'owner lookups bind per owner table');
		assert.equal(contact.get('ownerid')?.required, undefined);
		assert.equal(contact.has('parentcustomeridname'), false, 'derived attributes are left out');
		assert.deepEqual(
			mappedKeys(bundled('dynamics365/member-to-contact.json')).filter((key) => !contact.has(key)),
			[],
		);

		const membership = byId(
			await loadTargetFields(dynamics365Connector, 'memberships', liveSource(dynamics365Connector, credentials)),
		);
		assert.deepEqual(membership.get('new_Contact@odata.bind'), {
			id: 'new_Contact@odata.bind',
			displayName: 'Contact',
			type: 'string',
			description: "The member, as '/contacts(<contactid>)'",
		});
		assert.equal(membership.get('new_fee')?.type, 'number');
		assert.ok([...membership.values()].every((field) => field.matchKey !== true));
	});

	it('an unknown table answers the Dataverse error, named in the TargetFieldsError', async () => {
		const misnamed: ConnectorDescriptor = {
			...dynamics365Connector,
			resources: {
				contacts: {
					...dynamics365Connector.resources.contacts,
					fieldDiscovery: {
						format: 'dataverseAttributes',
						fields: { method: 'GET', path: "/EntityDefinitions(LogicalName='sb_member')/Attributes" },
					},
				},
			},
		};
		await assert.rejects(
			loadTargetFields(misnamed, 'contacts', liveSource(misnamed, credentials)),
			(error: unknown) => {
				assert.ok(error instanceof TargetFieldsError);
				assert.equal(error.httpStatus, 404);
				assert.match(
					error.message,
					/Microsoft Dynamics 365 \(Dataverse\) answered HTTP 404: Could not find an entity with specified LogicalName = sb_member\./,
				);
				return true;
			},
		);
	});
});

describe('records from mapped field values', () => {
	it('nests dot paths, keeps OData annotations whole, leaves unset fields out', () => {
		assert.deepEqual(
			recordFromFieldValues({
				email: 'a@example.test',
				'address.line1': 'Storgata 1',
				'address.city': 'Oslo',
				name: null,
				phone: undefined,
				'new_Contact@odata.bind': '/contacts(1)',
			}),
			{
				email: 'a@example.test',
				address: { line1: 'Storgata 1', city: 'Oslo' },
				'new_Contact@odata.bind': '/contacts(1)',
			},
		);
	});

	it('merges a whole object with its mapped fields without changing the given object', () => {
		const metadata = { plan: 'gold' };
		assert.deepEqual(recordFromFieldValues({ metadata, 'metadata.app_user_id': 'u-1' }), {
			metadata: { plan: 'gold', app_user_id: 'u-1' },
		});
		assert.deepEqual(recordFromFieldValues({ 'metadata.app_user_id': 'u-1', metadata }), {
			metadata: { app_user_id: 'u-1', plan: 'gold' },
		});
		assert.deepEqual(metadata, { plan: 'gold' });
	});

	it('refuses conflicting and unsafe paths', () => {
		assert.throws(
			() => recordFromFieldValues({ address: 'Storgata 1', 'address.city': 'Oslo' }),
			/Field 'address.city' is inside 'address', which is mapped to a value that is not an object/,
		);
		assert.throws(
			() => recordFromFieldValues({ '__proto__.polluted': 'yes' }),
			/Not a field path: '__proto__.polluted'/,
		);
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
	});
});

describe('fields in a user-supplied descriptor', () => {
	const base = {
		id: 'app',
		displayName: 'App',
		baseUrl: 'https://app.example',
		auth: { kind: 'none' },
		pagination: { style: 'none' },
	};
	const resource = (fields: unknown[]) => ({
		...base,
		resources: {
			users: {
				displayName: 'User',
				idPosition: 'id',
				operations: { create: { method: 'POST', path: '/users' } },
				fields,
			},
		},
	});

	it('accepts declared fields and lists them', async () => {
		const descriptor = resource([
			{ id: 'email', displayName: 'Email', type: 'string', required: true, description: 'Login' },
		]);
		assert.deepEqual(descriptorProblems(descriptor), []);
		assert.deepEqual(await loadTargetFields(descriptor as ConnectorDescriptor, 'users'), [
			{ id: 'email', displayName: 'Email', type: 'string', required: true, description: 'Login' },
		]);
	});

	it('names each problem with a field declaration', () => {
		assert.deepEqual(
			descriptorProblems(
				resource([
					{ id: 'email', displayName: 'Email', type: 'string' },
					{ id: 'email', displayName: 'Email again', type: 'string' },
					{ id: 'plan', displayName: 'Plan', type: 'options' },
					{ id: 'id', displayName: 'ID', type: 'string', readOnly: true, required: true },
				]),
			),
			[
				"resources.users.fields: field 'email' is declared twice",
				"resources.users.fields: options field 'plan' lists no options",
				"resources.users.fields: field 'id' cannot be both read-only and required",
			],
		);
		assert.match(
			descriptorProblems(resource([{ id: 'email', displayName: 'Email', type: 'text' }])).join('\n'),
			/resources\.users\.fields\.0\.type: must be one of "string", "number"/,
		);
	});
});
