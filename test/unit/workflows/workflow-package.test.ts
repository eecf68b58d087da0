import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { workflowShellPackage } from '../../../cli/workflow-package';

test('the shell package is a gzipped tar with manifest.json first, readable by tar(1)', () => {
	const folder = mkdtempSync(join(tmpdir(), 'syncbridge-package-'));
	try {
		const archive = join(folder, 'shell.n8np');
		writeFileSync(archive, workflowShellPackage('wfOrders0000001', 'Orders to CRM'));
		const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n');
		assert.deepEqual(listing, ['manifest.json', 'workflows/wfOrders0000001/workflow.json', 'workflows/wfOrders0000001/workflow-metadata.json']);
		execFileSync('tar', ['-xzf', archive, '-C', folder]);
		const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
		assert.deepEqual(manifest.workflows, [{ id: 'wfOrders0000001', name: 'Orders to CRM', target: 'workflows/wfOrders0000001' }]);
		const workflow = JSON.parse(readFileSync(join(folder, 'workflows/wfOrders0000001/workflow.json'), 'utf8'));
		assert.equal(workflow.id, 'wfOrders0000001');
		assert.deepEqual(workflow.nodes, []);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
});

test('an id that cannot be a package path is refused', () => {
	assert.throws(() => workflowShellPackage('../etc', 'x'), /may contain only/);
});
