import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput, nodeOutputOfAllRuns } from '../../scripts/n8n/run-data';
import { FakeStripe } from '../fakes/systems/fake-stripe';

const users = [
	{
		id: 'u1',
		firstName: 'Ada',
		lastName: 'Lovelace',
		contact: { email: 'ada@example.test' },
		Phone: '+47 111',
		about: 'mathematician',
	},
	{ id: 'u2', firstName: 'Grace', lastName: 'Hopper', contact: { email: 'grace@example.test' }, about: 'admiral' },
	{
		id: 'u3',
		firstName: 'Test',
		lastName: 'Account',
		contact: { email: 'test@example.test' },
		about: 'internal test account',
	},
];

/** "Only Map Items Where" as n8n's filter component stores it: leave out internal test accounts. */
const onlyRealPeople = {
	conditions: [
		{
			id: 'c1',
			leftValue: '={{ $json.about }}',
			rightValue: 'test account',
			operator: { type: 'string', operation: 'notContains' },
		},
	],
	combinator: 'and',
	options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
};

/** The resource mapper value the editor stores for Stripe › Customer after two drags, a typed expression and a fixed value. */
const customerFields = {
	mappingMode: 'defineBelow',
	value: {
		email: '={{ $json.contact.email }}',
		name: '={{ $json.firstName + " " + $json.lastName }}',
		description: '={{ $json.about }}',
		'metadata.app_user_id': '={{ $json.id }}',
		'metadata.source': 'syncbridge',
	},
	matchingColumns: [],
	schema: [
		{ id: 'email', displayName: 'Email', required: false, defaultMatch: false, display: true, type: 'string' },
		{ id: 'name', displayName: 'Name', required: false, defaultMatch: false, display: true, type: 'string' },
		{ id: 'phone', displayName: 'Phone', required: false, defaultMatch: false, display: true, type: 'string' },
		{
			id: 'description',
			displayName: 'Description',
			required: false,
			defaultMatch: false,
			display: true,
			type: 'string',
		},
	],
	attemptToConvertTypes: false,
	convertFieldsToString: false,
};

/** A Handlebars document as n8n stores it after a paste in the editor: the `{{` made it an expression. */
const pastedHandlebars = `=${JSON.stringify({ name: 'greeting', version: '1.0.0', mapping: { greeting: 'Hello {{firstName}} {{lastName}}', id: 'id' } }, null, 2)}`;

/** Manual -> users -> Contract Check -> Mapper v2 (visual, Stripe › Customer) -> Upsert through the Stripe connector; a pasted document on the side. */
function workflow(source: typeof users) {
	const node = (
		name: string,
		type: string,
		position: number,
		parameters: Record<string, unknown>,
		typeVersion = 1,
		extra: Record<string, unknown> = {},
	) => ({
		id: `7a1e5c00-0000-4000-8000-00000000000${position}`,
		name,
		type,
		typeVersion,
		position: [position * 220, 0],
		parameters,
		...extra,
	});
	return {
		id: 'sbE2eVisualMapping',
		name: 'E2E visual mapping to Stripe customers',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
			node(
				'App Users',
				'n8n-nodes-base.code',
				2,
				{ jsCode: `return ${JSON.stringify(source)}.map((json) => ({ json }));` },
				2,
			),
			node('Contract Check', `${packageName}.syncBridgeContractCheck`, 3, {
				synchronizationId: 'e2e-visual-users',
				originIdPath: 'id',
			}),
			node(
				'Map To Stripe Customer',
				`${packageName}.syncBridgeMapper`,
				4,
				{
					source: 'visual',
					target: 'stripe/customers',
					fields: customerFields,
					conditions: onlyRealPeople,
					options: {},
				},
				2,
			),
			node(
				'Upsert Stripe Customer',
				`${packageName}.syncBridgeUpsert`,
				5,
				{ synchronizationId: 'e2e-visual-users', target: 'connector', connector: 'stripe', resource: 'customers' },
				1,
				{
					credentials: { syncBridgeStripeApi: { id: 'sbStripeVisual', name: 'Stripe account' } },
				},
			),
			node(
				'Pasted Greeting',
				`${packageName}.syncBridgeMapper`,
				6,
				{ source: 'json', documentJson: pastedHandlebars },
				2,
			),
		],
		connections: {
			Start: { main: [[{ node: 'App Users', type: 'main', index: 0 }]] },
			'App Users': {
				main: [
					[
						{ node: 'Contract Check', type: 'main', index: 0 },
						{ node: 'Pasted Greeting', type: 'main', index: 0 },
					],
				],
			},
			'Contract Check': {
				main: [
					[{ node: 'Map To Stripe Customer', type: 'main', index: 0 }],
					[{ node: 'Map To Stripe Customer', type: 'main', index: 0 }],
					[],
					[],
				],
			},
			'Map To Stripe Customer': { main: [[{ node: 'Upsert Stripe Customer', type: 'main', index: 0 }], []] },
		},
		settings: { executionOrder: 'v1' },
	};
}

function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}

describe('visual mapping in real n8n', () => {
	let n8n: N8nInstance;
	let stripe: FakeStripe;

	before(async () => {
		stripe = await new FakeStripe().start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbStripeVisual',
				name: 'Stripe account',
				type: 'syncBridgeStripeApi',
				data: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			},
		]);
	});

	after(async () => {
		await n8n?.dispose();
		await stripe?.stop();
	});

	test('trigger -> Contract Check -> visual Mapper -> Upsert creates the Stripe customers, then sends only a change', async () => {
		const id = await n8n.importWorkflow(workflow(users));
		const first = await n8n.execute(id);
		assert.deepEqual(
			nodeOutputOfAllRuns(first, 'Map To Stripe Customer', 1).map((item) => [
				item.id,
				(item.error as { code: string }).code,
			]),
			[['u3', 'CONDITIONS_NOT_MET']],
			'the filter kept the test account out, and nothing else failed',
		);
		const mapped = nodeOutputOfAllRuns(first, 'Map To Stripe Customer');
		assert.deepEqual(
			mapped.map((record) => withoutKey(record, '_syncbridge')),
			[
				{
					email: 'ada@example.test',
					name: 'Ada Lovelace',
					description: 'mathematician',
					metadata: { app_user_id: 'u1', source: 'syncbridge' },
					phone: '+47 111',
				},
				{
					email: 'grace@example.test',
					name: 'Grace Hopper',
					description: 'admiral',
					metadata: { app_user_id: 'u2', source: 'syncbridge' },
				},
			],
			'phone was auto-mapped from Phone, and is left out where the user has none',
		);
		// Upsert writes several items at once, so the customers arrive in either order.
		assert.deepEqual(
			stripe.customers
				.map((customer) => [customer.email, customer.name, customer.phone ?? null, customer.metadata])
				.sort(([a], [b]) => String(a).localeCompare(String(b))),
			[
				['ada@example.test', 'Ada Lovelace', '+47 111', { app_user_id: 'u1', source: 'syncbridge' }],
				['grace@example.test', 'Grace Hopper', null, { app_user_id: 'u2', source: 'syncbridge' }],
			],
		);

		assert.deepEqual(
			nodeOutput(first, 'Pasted Greeting').map((item) => item.greeting),
			['Hello Ada Lovelace', 'Hello Grace Hopper', 'Hello Test Account'],
			'the pasted Handlebars template was not evaluated by n8n',
		);

		const requestsBefore = stripe.requests.length;
		const changed = [{ ...users[0], about: 'first programmer' }, users[1], users[2]];
		await n8n.importWorkflow(workflow(changed));
		const second = await n8n.execute(id);
		assert.equal(nodeOutputOfAllRuns(second, 'Map To Stripe Customer').length, 1, 'only the changed user is mapped');
		const writes = stripe.requests.slice(requestsBefore).filter((request) => request.method !== 'GET');
		assert.equal(writes.length, 1);
		assert.equal(
			stripe.customers.find((customer) => customer.email === 'ada@example.test')?.description,
			'first programmer',
		);
	});
});
