import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalHash, canonicalize } from '../../../runtime/contracts/canonical-hash';

describe('canonicalHash', () => {
	it('ignores key order at every depth', () => {
		const a = { id: 1, name: 'x', nested: { b: 2, a: [1, { z: 1, y: 2 }] } };
		const b = { nested: { a: [1, { y: 2, z: 1 }], b: 2 }, name: 'x', id: 1 };
		assert.equal(canonicalHash(a), canonicalHash(b));
		assert.equal(canonicalize(b), '{"id":1,"name":"x","nested":{"a":[1,{"y":2,"z":1}],"b":2}}');
	});

	it('keeps array order significant and distinguishes types', () => {
		assert.notEqual(canonicalHash([1, 2]), canonicalHash([2, 1]));
		assert.notEqual(canonicalHash({ a: 1 }), canonicalHash({ a: '1' }));
		assert.notEqual(canonicalHash({ a: null }), canonicalHash({}));
	});

	it('drops undefined members like JSON does', () => {
		assert.equal(canonicalHash({ a: 1, b: undefined }), canonicalHash({ a: 1 }));
	});

	it('ignores volatile fields, top-level and nested through arrays', () => {
		const base = { id: 1, updatedAt: 'a', meta: { etag: 'x', kept: 1 }, lines: [{ q: 1, modified: 'm1' }] };
		const changedVolatile = { id: 1, updatedAt: 'b', meta: { etag: 'y', kept: 1 }, lines: [{ q: 1, modified: 'm2' }] };
		const volatile = ['updatedAt', 'meta.etag', 'lines.modified'];
		assert.equal(canonicalHash(base, volatile), canonicalHash(changedVolatile, volatile));
		assert.notEqual(canonicalHash(base), canonicalHash(changedVolatile));
		assert.notEqual(canonicalHash(base, volatile), canonicalHash({ ...changedVolatile, meta: { etag: 'y', kept: 2 } }, volatile));
	});

	it('is a sha256 hex digest', () => {
		assert.match(canonicalHash({}), /^[0-9a-f]{64}$/);
	});
});
