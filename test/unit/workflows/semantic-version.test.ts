import assert from 'node:assert/strict';
import { test } from 'node:test';

import { exportedVersion, pushedVersion } from '../../../runtime/workflows/document-version';
import { bumpVersion, compareVersions, versionBump } from '../../../runtime/workflows/semantic-version';
import { diffWorkflows } from '../../../runtime/workflows/workflow-diff';
import type { WorkflowDocument } from '../../../runtime/workflows/workflow-document';
import { node, orderFlow } from './fixtures';

const bumpFrom = (after: WorkflowDocument) => versionBump(diffWorkflows(orderFlow(), after));

test('no change: no bump', () => {
	assert.equal(bumpFrom(orderFlow()), 'none');
});

test('parameter, credential, position or name changes: patch', () => {
	const after = orderFlow({ name: 'Renamed' });
	after.nodes[1].parameters = { path: 'other', httpMethod: 'POST' };
	after.nodes[0].position = [10, 10];
	assert.equal(bumpFrom(after), 'patch');
});

test('an added node or connection: minor', () => {
	const after = orderFlow();
	after.nodes.push(node('Log'));
	assert.equal(bumpFrom(after), 'minor');
	after.connections['HTTP Request'] = { main: [[{ node: 'Log', type: 'main', index: 0 }]] };
	assert.equal(bumpFrom(after), 'minor');
});

test('a removed node, removed connection or replaced node type: major, even next to additions', () => {
	const removedNode = orderFlow();
	removedNode.nodes = [removedNode.nodes[1], node('Log')];
	removedNode.connections = {};
	assert.equal(bumpFrom(removedNode), 'major');
	assert.equal(bumpFrom(orderFlow({ connections: {} })), 'major');
	const replaced = orderFlow();
	replaced.nodes[0] = { ...replaced.nodes[0], type: 'n8n-nodes-base.code' };
	assert.equal(bumpFrom(replaced), 'major');
});

test('bumpVersion and compareVersions', () => {
	assert.equal(bumpVersion('1.4.2', 'patch'), '1.4.3');
	assert.equal(bumpVersion('1.4.2', 'minor'), '1.5.0');
	assert.equal(bumpVersion('1.4.2', 'major'), '2.0.0');
	assert.equal(bumpVersion('1.4.2', 'none'), '1.4.2');
	assert.ok(compareVersions('1.10.0', '1.9.9') > 0);
	assert.equal(compareVersions('2.0.0', '2.0.0'), 0);
	assert.throws(() => bumpVersion('v1', 'patch'), /MAJOR.MINOR.PATCH/);
});

test('exportedVersion: first export, unchanged, changed, and a newer version carried by n8n', () => {
	const content = (document: WorkflowDocument) => {
		const copy: Partial<WorkflowDocument> = { ...document };
		delete copy.version;
		return copy as Omit<WorkflowDocument, 'version'>;
	};
	assert.equal(exportedVersion(content(orderFlow()), undefined, undefined), '1.0.0');
	assert.equal(exportedVersion(content(orderFlow()), '3.1.0', undefined), '3.1.0');
	const previous = orderFlow({ version: '1.2.3' });
	assert.equal(exportedVersion(content(orderFlow()), '1.2.3', previous), '1.2.3');
	const grown = orderFlow();
	grown.nodes.push(node('Log'));
	assert.equal(exportedVersion(content(grown), '1.2.3', previous), '1.3.0');
	assert.equal(exportedVersion(content(grown), '1.5.0', previous), '1.5.0');
});

test('pushedVersion: a hand edit without a bump is pushed as n8n’s version bumped', () => {
	const remote = orderFlow({ version: '1.2.0' });
	const edited = orderFlow({ version: '1.2.0' });
	edited.nodes[1].parameters = { path: 'orders-v2', httpMethod: 'POST' };
	assert.equal(pushedVersion(edited, remote, '1.2.0'), '1.2.1');
	edited.nodes.push(node('Log'));
	assert.equal(pushedVersion(edited, remote, '1.2.0'), '1.3.0');
	assert.equal(pushedVersion({ ...edited, version: '2.0.0' }, remote, '1.2.0'), '2.0.0', 'the file already bumped');
	assert.equal(pushedVersion(orderFlow({ version: '1.2.0' }), remote, '1.2.0'), '1.2.0', 'same content');
	assert.equal(pushedVersion(orderFlow({ version: '1.1.0' }), remote, '1.2.0'), '1.2.0', 'same content, n8n ahead');
	assert.equal(pushedVersion(edited, undefined, undefined), '1.2.0', 'not in n8n yet');
	assert.equal(pushedVersion(edited, remote, undefined), '1.2.0', 'n8n carries no version');
});
