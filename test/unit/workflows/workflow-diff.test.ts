import assert from 'node:assert/strict';
import { test } from 'node:test';

import { diffWorkflows, formatChange } from '../../../runtime/workflows/workflow-diff';
import { node, orderFlow } from './fixtures';

const lines = (before = orderFlow(), after = orderFlow()) => diffWorkflows(before, after).map(formatChange);

test('identical workflows have no differences, whatever their versions', () => {
	assert.deepEqual(lines(orderFlow(), orderFlow({ version: '2.0.0' })), []);
});

test('a changed parameter is reported by node and path with both values', () => {
	const after = orderFlow();
	after.nodes[1].parameters = { ...after.nodes[1].parameters, path: 'orders-v2' };
	assert.deepEqual(lines(orderFlow(), after), ['~ node "Webhook" parameters.path: "orders" -> "orders-v2"']);
});

test('nested parameters, added and removed keys', () => {
	const after = orderFlow();
	after.nodes[0].parameters = { url: 'https://crm.example/orders', options: { timeout: 10000, retries: 3 } };
	assert.deepEqual(lines(orderFlow(), after), [
		'~ node "HTTP Request" parameters.method: "POST" -> (none)',
		'~ node "HTTP Request" parameters.options.retries: (none) -> 3',
		'~ node "HTTP Request" parameters.options.timeout: 5000 -> 10000',
	]);
});

test('added and removed nodes and connections', () => {
	const after = orderFlow();
	after.nodes = [after.nodes[1], node('Log')];
	after.connections = { Webhook: { main: [[{ node: 'Log', type: 'main', index: 0 }]] } };
	assert.deepEqual(lines(orderFlow(), after), [
		'- node "HTTP Request" (n8n-nodes-base.httpRequest)',
		'+ node "Log" (n8n-nodes-base.set)',
		'- connection "Webhook" main[0] -> "HTTP Request" main[0]',
		'+ connection "Webhook" main[0] -> "Log" main[0]',
	]);
});

test('a renamed node is one change, not a rewiring', () => {
	const after = orderFlow();
	after.nodes[0] = { ...after.nodes[0], name: 'Create order' };
	after.connections = { Webhook: { main: [[{ node: 'Create order', type: 'main', index: 0 }]] } };
	assert.deepEqual(lines(orderFlow(), after), ['~ node "HTTP Request" name: "HTTP Request" -> "Create order"']);
});

test('workflow-level fields: name, settings, tags, credentials', () => {
	const after = orderFlow({ name: 'Orders', settings: { executionOrder: 'v1', timezone: 'UTC' }, tags: [{ name: 'crm' }] });
	after.nodes[0].credentials = { httpHeaderAuth: { name: 'CRM key (prod)' } };
	assert.deepEqual(lines(orderFlow(), after), [
		'~ name: "Orders to CRM" -> "Orders"',
		'~ settings.timezone: (none) -> "UTC"',
		'~ tags: (none) -> [{"name":"crm"}]',
		'~ node "HTTP Request" credentials.httpHeaderAuth.name: "CRM key" -> "CRM key (prod)"',
	]);
});

test('a replaced node type is reported as such', () => {
	const after = orderFlow();
	after.nodes[0] = { ...after.nodes[0], type: 'n8n-nodes-base.code' };
	assert.deepEqual(lines(orderFlow(), after), ['~ node "HTTP Request" type: n8n-nodes-base.httpRequest -> n8n-nodes-base.code']);
});
