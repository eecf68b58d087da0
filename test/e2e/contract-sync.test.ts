import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput } from '../../scripts/n8n/run-data';
import { FakeTarget } from '../fakes/target/fake-target';

const records = [
	{ id: 'member-1', name: 'Ada Lovelace', email: 'ada@example.com' },
	{ id: 'member-2', name: 'Grace Hopper', email: 'grace@example.com' },
];

/** Manual trigger -> Code (the source records) -> Contract Check (SQLite) -> Upsert (new and changed) -> fake target. */
function syncWorkflow(targetUrl: string, source: typeof records) {
	const node = (name: string, type: string, position: number, parameters: Record<string, unknown>, typeVersion = 1) => ({
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
			node('Source Records', 'n8n-nodes-base.code', 2, { jsCode: `return ${JSON.stringify(source)}.map((json) => ({ json }));` }, 2),
			node('Contract Check', `${packageName}.syncBridgeContractCheck`, 3, { synchronizationId: 'e2e-members', originIdPath: 'id' }),
			node('Upsert', `${packageName}.syncBridgeUpsert`, 4, { synchronizationId: 'e2e-members', baseUrl: targetUrl, createPath: '/records', updatePath: '/records/{id}', idPosition: 'id' }),
		],
		connections: {
			Start: { main: [[{ node: 'Source Records', type: 'main', index: 0 }]] },
			'Source Records': { main: [[{ node: 'Contract Check', type: 'main', index: 0 }]] },
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

	test('first run creates every record; an unchanged re-run calls the target not once; a change updates just that record', async () => {
		const id = await n8n.importWorkflow(syncWorkflow(target.url, records));
		const first = await n8n.execute(id);
		assert.deepEqual(nodeOutput(first, 'Contract Check', 0).map((item) => item.id), ['member-1', 'member-2'], 'both are new');
		assert.equal(target.stats.creates, 2);
		assert.deepEqual([...target.records.values()].map((record) => record.email).sort(), ['ada@example.com', 'grace@example.com']);

		const requestsAfterFirst = target.stats.requests;
		const second = await n8n.execute(id);
		assert.equal(nodeOutput(second, 'Contract Check', 2).length, 2, 'both unchanged');
		assert.equal(target.stats.requests, requestsAfterFirst, 'no target call for unchanged records');

		const edited = [records[0], { ...records[1], email: 'grace@navy.example' }];
		await n8n.importWorkflow(syncWorkflow(target.url, edited));
		const third = await n8n.execute(id);
		assert.deepEqual(nodeOutput(third, 'Contract Check', 1).map((item) => item.id), ['member-2'], 'only the edited record changed');
		assert.equal(target.stats.creates, 2);
		assert.equal(target.stats.updates, 1);
		assert.ok([...target.records.values()].some((record) => record.email === 'grace@navy.example'));
	});
});
