import assert from 'node:assert/strict';
import { test } from 'node:test';

import { canonicalJson, sortKeys } from '../../../runtime/workflows/canonical-json';
import { contentHash } from '../../../runtime/workflows/content-hash';
import { orderFlow } from './fixtures';

test('sortKeys orders object keys at every depth and keeps array order', () => {
	const sorted = sortKeys({ b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } });
	assert.equal(JSON.stringify(sorted), '{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}');
});

test('canonicalJson gives the same bytes whatever the key order, with a trailing newline', () => {
	const one = canonicalJson({ name: 'x', id: '1', settings: { b: true, a: false } });
	const two = canonicalJson({ settings: { a: false, b: true }, id: '1', name: 'x' });
	assert.equal(one, two);
	assert.ok(one.endsWith('}\n'));
	assert.equal(one.split('\n')[1], '  "id": "1",');
});

test('canonicalJson drops undefined fields', () => {
	assert.equal(canonicalJson({ a: undefined, b: 1 }), '{\n  "b": 1\n}\n');
});

test('contentHash ignores the version but sees any content change', () => {
	const flow = orderFlow();
	assert.equal(contentHash(flow), contentHash({ ...flow, version: '9.9.9' }));
	assert.notEqual(contentHash(flow), contentHash({ ...flow, name: 'Orders to ERP' }));
	assert.match(contentHash(flow), /^[0-9a-f]{64}$/);
});
