import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput } from '../../scripts/n8n/run-data';
import { FakeTarget } from '../fakes/target/fake-target';

/** Stripe customers as Stripe's API returns them; the last has no e-mail, which the mapping's output schema requires. */
const customers: Array<Record<string, unknown>> = [
	{
		id: 'cus_Ada',
		object: 'customer',
		name: 'Ada Lovelace',
		email: 'ada@example.com',
		balance: 0,
		created: 1680893993,
		delinquent: false,
		metadata: {},
	},
	{
		id: 'cus_Grace',
		object: 'customer',
		name: 'Grace Hopper',
		email: 'grace@example.com',
		balance: -1250,
		created: 1680893994,
		delinquent: false,
		metadata: {},
	},
	{
		id: 'cus_NoMail',
		object: 'customer',
		name: 'Nobody',
		balance: 0,
		created: 1680893995,
		delinquent: false,
		metadata: {},
	},
];

/**
 * Manual trigger -> Code (Stripe customers) -> SyncBridge Mapper (bundled stripe/customer-to-app-user)
 * -> Contract Check (SQLite) -> Upsert (new and changed) -> fake target.
 */
function syncWorkflow(targetUrl: string, source: Array<Record<string, unknown>>) {
	const node = (
		name: string,
		type: string,
		position: number,
		parameters: Record<string, unknown>,
		typeVersion = 1,
	) => ({
		id: `5e3f1c9a-0000-4000-8000-00000000000${position}`,
		name,
		type,
		typeVersion,
		position: [position * 220, 0],
		parameters,
	});
	return {
		id: 'sbE2eContractRun',
		name: 'E2E contract check and upsert',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
			node(
				'Source Records',
				'n8n-nodes-base.code',
				2,
				{ jsCode: `return ${JSON.stringify(source)}.map((json) => ({ json }));` },
				2,
			),
			node('Map To App User', `${packageName}.syncBridgeMapper`, 3, {
				source: 'bundled',
				document: 'stripe/customer-to-app-user.json',
			}),
			node('Contract Check', `${packageName}.syncBridgeContractCheck`, 4, {
				synchronizationId: 'e2e-users',
				originIdPath: 'externalIds.stripe',
			}),
			node('Upsert', `${packageName}.syncBridgeUpsert`, 5, {
				synchronizationId: 'e2e-users',
				baseUrl: targetUrl,
				createPath: '/records',
				updatePath: '/records/{id}',
				idPosition: 'id',
			}),
		],
		connections: {
			Start: { main: [[{ node: 'Source Records', type: 'main', index: 0 }]] },
			'Source Records': { main: [[{ node: 'Map To App User', type: 'main', index: 0 }]] },
			'Map To App User': { main: [[{ node: 'Contract Check', type: 'main', index: 0 }], []] },
			'Contract Check': {
				main: [[{ node: 'Upsert', type: 'main', index: 0 }], [{ node: 'Upsert', type: 'main', index: 0 }], [], []],
			},
		},
		settings: {},
	};
}

describe('a synchronization run executed from the n8n CLI', () => {
	let n8n: N8nInstance;
	let target: FakeTarget;

	before(async () => {
		target = await new FakeTarget().start();
		n8n = await N8nInstance.create();
	});

	after(async () => {
		await n8n?.dispose();
		await target?.stop();
	});

	test('first run maps and creates every valid record; an unchanged re-run calls the target not once; a change updates just that record', async () => {
		const stripeIds = (items: Array<Record<string, unknown>>) =>
			items.map((item) => (item.externalIds as { stripe: string }).stripe);
		const id = await n8n.importWorkflow(syncWorkflow(target.url, customers));
		const first = await n8n.execute(id);

		const rejected = nodeOutput(first, 'Map To App User', 1);
		assert.equal(rejected.length, 1, 'the customer without an e-mail goes to the error output');
		assert.equal(rejected[0].id, 'cus_NoMail');
		assert.match(JSON.stringify(rejected[0].error), /email/);

		assert.deepEqual(stripeIds(nodeOutput(first, 'Contract Check', 0)), ['cus_Ada', 'cus_Grace'], 'both are new');
		assert.equal(target.stats.creates, 2);
		const created = [...target.records.values()];
		assert.deepEqual(created.map((record) => record.email).sort(), ['ada@example.com', 'grace@example.com']);
		assert.equal(created.find((record) => record.email === 'grace@example.com')?.balance, '-12.50', 'casts applied');

		const requestsAfterFirst = target.stats.requests;
		const second = await n8n.execute(id);
		assert.equal(nodeOutput(second, 'Contract Check', 2).length, 2, 'both unchanged');
		assert.equal(target.stats.requests, requestsAfterFirst, 'no target call for unchanged records');

		const edited = [customers[0], { ...customers[1], email: 'grace@navy.example' }, customers[2]];
		await n8n.importWorkflow(syncWorkflow(target.url, edited));
		const third = await n8n.execute(id);
		assert.deepEqual(
			stripeIds(nodeOutput(third, 'Contract Check', 1)),
			['cus_Grace'],
			'only the edited record changed',
		);
		assert.equal(target.stats.creates, 2);
		assert.equal(target.stats.updates, 1);
		assert.ok([...target.records.values()].some((record) => record.email === 'grace@navy.example'));
	});
});
