import assert from 'node:assert/strict';
import { test } from 'node:test';

import { buildNodeCatalogue } from '../../../runtime/workflows/node-catalogue';
import { formatIssue, validateWorkflow } from '../../../runtime/workflows/node-validation';
import { node, orderFlow } from './fixtures';

/** Descriptions shaped like n8n's /types/nodes.json (written for this test, trimmed to what validation reads). */
const catalogue = buildNodeCatalogue([
	{
		name: 'n8n-nodes-base.webhook',
		version: [1, 2],
		properties: [
			{ name: 'httpMethod', type: 'options' },
			{ name: 'path', type: 'string' },
			{ name: 'options', type: 'collection', options: [{ name: 'rawBody', type: 'boolean' }] },
		],
	},
	{
		name: 'n8n-nodes-base.httpRequest',
		version: [4, 4.1, 4.2],
		properties: [
			{ name: 'url', type: 'string' },
			{ name: 'method', type: 'options' },
			{ name: 'options', type: 'collection', options: [{ name: 'timeout', type: 'number' }] },
			{ name: 'onlyInNewer', type: 'string', displayOptions: { show: { '@version': [{ _cnd: { gte: 4.2 } }] } } },
			{ name: 'onlyInOlder', type: 'string', displayOptions: { hide: { '@version': [{ _cnd: { gte: 4.1 } }] } } },
			{
				name: 'headerParameters',
				type: 'fixedCollection',
				options: [{ name: 'parameters', values: [{ name: 'name' }, { name: 'value' }] }],
			},
		],
	},
	{ name: 'n8n-nodes-base.httpRequest', version: 3, properties: [{ name: 'legacyUrl', type: 'string' }] },
	{ name: 'n8n-nodes-base.set', version: 1, properties: [] },
]);

test('a workflow using known types, versions and parameters is valid', () => {
	assert.deepEqual(validateWorkflow(orderFlow(), catalogue), []);
});

test('an unknown node type is flagged', () => {
	const flow = orderFlow();
	flow.nodes.push(node('Mystery', { type: 'n8n-nodes-base.doesNotExist' }));
	assert.deepEqual(validateWorkflow(flow, catalogue).map(formatIssue), ['node "Mystery": unknown node type n8n-nodes-base.doesNotExist']);
});

test('a typeVersion the type does not have is flagged with the known ones', () => {
	const flow = orderFlow();
	flow.nodes[0].typeVersion = 5;
	assert.deepEqual(validateWorkflow(flow, catalogue).map(formatIssue), [
		'node "HTTP Request": n8n-nodes-base.httpRequest has no typeVersion 5 (known: 3, 4, 4.1, 4.2)',
	]);
});

test('unknown parameters are flagged, also inside collections and fixed collections', () => {
	const flow = orderFlow();
	flow.nodes[0].parameters = {
		url: 'x',
		urll: 'typo',
		options: { timeout: 1, retry: true },
		headerParameters: { parameters: [{ name: 'a', value: 'b' }, { name: 'c', valu: 'd' }], other: {} },
	};
	assert.deepEqual(
		validateWorkflow(flow, catalogue).map((issue) => (issue.kind === 'unknown-parameter' ? issue.path : issue.kind)),
		['urll', 'options.retry', 'headerParameters.parameters[1].valu', 'headerParameters.other'],
	);
});

test('parameters are checked against the typeVersion the node uses', () => {
	const flow = orderFlow();
	flow.nodes[0].parameters = { onlyInNewer: 'x' };
	assert.deepEqual(validateWorkflow(flow, catalogue), []);
	flow.nodes[0].typeVersion = 4.1;
	assert.deepEqual(validateWorkflow(flow, catalogue).map(formatIssue), ['node "HTTP Request": n8n-nodes-base.httpRequest has no parameter onlyInNewer']);
	flow.nodes[0].typeVersion = 4;
	flow.nodes[0].parameters = { onlyInOlder: 'x' };
	assert.deepEqual(validateWorkflow(flow, catalogue), []);
	flow.nodes[0].typeVersion = 3;
	flow.nodes[0].parameters = { legacyUrl: 'x', url: 'x' };
	assert.deepEqual(validateWorkflow(flow, catalogue).map(formatIssue), ['node "HTTP Request": n8n-nodes-base.httpRequest has no parameter url']);
});
