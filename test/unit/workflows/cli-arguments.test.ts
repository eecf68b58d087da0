import assert from 'node:assert/strict';
import { test } from 'node:test';

import { flag, flags, hasFlag, parseArguments, UsageError } from '../../../cli/arguments';

const spec = { boolean: ['publish'], value: ['url', 'dir'], many: ['catalog'] };

test('values with space or =, booleans, repeatable flags and positionals', () => {
	const parsed = parseArguments(['a.json', '--url', 'http://x', '--dir=wf', '--publish', '--catalog', 'one', '--catalog=two', 'b.json'], spec);
	assert.deepEqual(parsed.positionals, ['a.json', 'b.json']);
	assert.equal(flag(parsed, 'url'), 'http://x');
	assert.equal(flag(parsed, 'dir'), 'wf');
	assert.equal(hasFlag(parsed, 'publish'), true);
	assert.deepEqual(flags(parsed, 'catalog'), ['one', 'two']);
});

test('-- ends the options', () => {
	assert.deepEqual(parseArguments(['--', '--publish'], spec).positionals, ['--publish']);
});

test('usage errors: unknown option, missing value, value on a boolean, repeated single flag', () => {
	assert.throws(() => parseArguments(['--nope'], spec), UsageError);
	assert.throws(() => parseArguments(['--url'], spec), /--url needs a value/);
	assert.throws(() => parseArguments(['--url', '--publish'], spec), /--url needs a value/);
	assert.throws(() => parseArguments(['--publish=yes'], spec), /takes no value/);
	assert.throws(() => parseArguments(['--dir', 'a', '--dir', 'b'], spec), /given twice/);
});
