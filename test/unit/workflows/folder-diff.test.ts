import assert from 'node:assert/strict';
import { test } from 'node:test';

import { printDifferences } from '../../../cli/commands/diff';
import { orderFlow } from './fixtures';

test('folders: workflows matched by id, those on one side only reported, identical ones silent', () => {
	const lines: string[] = [];
	const changed = orderFlow({ version: '1.0.1', name: 'Orders to CRM v2' });
	const onlyBefore = orderFlow({ id: 'wfGone000000001', name: 'Gone' });
	const onlyAfter = orderFlow({ id: 'wfNew0000000001', name: 'New' });
	const same = orderFlow({ id: 'wfSame000000001', name: 'Same' });
	const different = printDifferences(
		[{ label: 'a', document: orderFlow() }, { label: 'a', document: onlyBefore }, { label: 'a', document: same }],
		[{ label: 'b', document: changed }, { label: 'b', document: onlyAfter }, { label: 'b', document: same }],
		(line) => lines.push(line),
	);
	assert.equal(different, true);
	assert.deepEqual(lines, [
		'~ workflow "Orders to CRM v2" (wfOrders0000001) 1.0.0 -> 1.0.1  [a -> b]',
		'    ~ name: "Orders to CRM" -> "Orders to CRM v2"',
		'- workflow "Gone" (wfGone000000001) only in a',
		'+ workflow "New" (wfNew0000000001) only in b',
	]);
});

test('no differences: nothing printed', () => {
	const lines: string[] = [];
	assert.equal(printDifferences([{ label: 'a', document: orderFlow() }], [{ label: 'b', document: orderFlow() }], (line) => lines.push(line)), false);
	assert.deepEqual(lines, []);
});
