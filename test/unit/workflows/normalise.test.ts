import assert from 'node:assert/strict';
import { test } from 'node:test';

import { normaliseWorkflow, toUpdatePayload, withVersion } from '../../../runtime/workflows/normalise';
import { putVersionTag, takeVersionTag, versionTagKey } from '../../../runtime/workflows/version-tag';

/** A workflow as n8n 2.x's public API returns it from GET /api/v1/workflows/{id}. */
function apiWorkflow() {
	return {
		id: 'Abc123Def456Ghi7',
		name: 'Stripe customers',
		description: null,
		active: true,
		activeVersionId: 'v-2',
		versionId: 'v-2',
		versionCounter: 4,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-02-01T00:00:00.000Z',
		isArchived: false,
		sourceWorkflowId: null,
		triggerCount: 1,
		staticData: { node: { lastId: 42 } },
		pinData: { Webhook: [{ json: { a: 1 } }] },
		meta: { templateCredsSetupCompleted: true },
		shared: [{ role: 'workflow:owner', projectId: 'p1' }],
		activeVersion: { versionId: 'v-2' },
		tags: [
			{ id: 't2', name: 'stripe', createdAt: 'x', updatedAt: 'y' },
			{ id: 't1', name: 'billing', createdAt: 'x', updatedAt: 'y' },
		],
		nodeGroups: [],
		settings: { executionOrder: 'v1', customTelemetryTags: [{ key: versionTagKey, value: '2.1.0' }] },
		connections: { Webhook: { main: [[{ node: 'Upsert', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: 'node-w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'hook-stable',
				parameters: { path: 'stripe', httpMethod: 'POST' },
				createdAt: '2026-01-01T00:00:00.000Z',
			},
			{
				id: 'node-u',
				name: 'Upsert',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters: { url: 'https://app.example/users' },
				credentials: { httpHeaderAuth: { id: 'cred-on-instance-a', name: 'App key' } },
			},
		],
	};
}

test('volatile fields leave the document and land in the sidecar fields', () => {
	const { document, volatile } = normaliseWorkflow(apiWorkflow());
	for (const field of ['active', 'activeVersionId', 'versionId', 'versionCounter', 'createdAt', 'updatedAt', 'staticData', 'pinData', 'meta', 'shared', 'activeVersion', 'isArchived', 'triggerCount', 'sourceWorkflowId', 'description', 'nodeGroups']) {
		assert.equal(field in document, false, field);
	}
	assert.deepEqual(volatile.staticData, { node: { lastId: 42 } });
	assert.equal(volatile.versionId, 'v-2');
	assert.equal(volatile.updatedAt, '2026-02-01T00:00:00.000Z');
});

test('credentials are stubbed to name under their type; node ids and webhook ids stay', () => {
	const { document } = normaliseWorkflow(apiWorkflow());
	const upsert = document.nodes.find((node) => node.name === 'Upsert');
	assert.deepEqual(upsert?.credentials, { httpHeaderAuth: { name: 'App key' } });
	const webhook = document.nodes.find((node) => node.name === 'Webhook');
	assert.equal(webhook?.id, 'node-w');
	assert.equal(webhook?.webhookId, 'hook-stable');
	assert.equal('createdAt' in (webhook ?? {}), false);
});

test('nodes are ordered by name, tags become sorted names, the version comes out of the settings', () => {
	const { document } = normaliseWorkflow(apiWorkflow());
	assert.deepEqual(document.nodes.map((node) => node.name), ['Upsert', 'Webhook']);
	assert.deepEqual(document.tags, [{ name: 'billing' }, { name: 'stripe' }]);
	assert.equal(document.version, '2.1.0');
	assert.deepEqual(document.settings, { executionOrder: 'v1' });
});

test('the document does not depend on the order n8n returns nodes and keys in', () => {
	const reordered = apiWorkflow();
	reordered.nodes.reverse();
	reordered.tags.reverse();
	const a = normaliseWorkflow(apiWorkflow()).document;
	const b = normaliseWorkflow(reordered).document;
	assert.equal(JSON.stringify(a), JSON.stringify(b));
});

test('version tag: put then take gives back the settings and the version, other telemetry tags survive', () => {
	const settings = { timezone: 'Europe/Oslo', customTelemetryTags: [{ key: 'team', value: 'sync' }] };
	const tagged = putVersionTag(settings, '1.4.2');
	assert.deepEqual(tagged.customTelemetryTags, [
		{ key: 'team', value: 'sync' },
		{ key: versionTagKey, value: '1.4.2' },
	]);
	assert.deepEqual(takeVersionTag(tagged), { settings, version: '1.4.2' });
	assert.deepEqual(takeVersionTag(putVersionTag({}, '1.0.0')), { settings: {}, version: '1.0.0' });
});

test("settings left at the editor's 'DEFAULT' are the same as absent", () => {
	const workflow = { ...apiWorkflow(), settings: { saveManualExecutions: 'DEFAULT', timezone: 'DEFAULT', saveDataErrorExecution: 'all' } };
	assert.deepEqual(normaliseWorkflow(workflow).document.settings, { saveDataErrorExecution: 'all' });
});

test('the update payload carries only fields the public API accepts', () => {
	const { document } = normaliseWorkflow(apiWorkflow());
	const payload = toUpdatePayload(withVersion(document, '2.1.0'), { executionOrder: 'v1' });
	assert.deepEqual(Object.keys(payload).sort(), ['connections', 'name', 'nodes', 'settings']);
});

test('a workflow without id or nodes is refused', () => {
	assert.throws(() => normaliseWorkflow({ name: 'x', nodes: [] }), /no id or name/);
	assert.throws(() => normaliseWorkflow({ id: 'a', name: 'x' }), /no nodes/);
});
