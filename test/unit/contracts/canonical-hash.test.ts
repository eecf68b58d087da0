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
		assert.notEqual(
			canonicalHash(base, volatile),
			canonicalHash({ ...changedVolatile, meta: { etag: 'y', kept: 2 } }, volatile),
		);
	});

	it('names keys that contain dots as they are (OData annotations and lookups)', () => {
		const written = { firstname: 'Sanne', 'new_Contact@odata.bind': '/contacts(7d8a)' };
		const read = {
			'@odata.etag': 'W/"1234"',
			contactid: '7d8a',
			firstname: 'Sanne',
			_new_contact_value: '7d8a',
			audit: { 'x.y': 1, z: 2 },
		};
		const volatile = ['@odata.etag', 'contactid', 'new_Contact@odata.bind', '_new_contact_value', 'audit'];
		assert.equal(canonicalHash(written, volatile), canonicalHash(read, volatile));
		assert.equal(canonicalize({ audit: { 'x.y': 1, z: 2 } }, ['audit.x.y']), '{"audit":{"z":2}}');
		assert.equal(
			canonicalize({ 'a.b': { c: 1, d: 2 }, a: { b: { c: 3 } } }, ['a.b.c']),
			'{"a":{"b":{}},"a.b":{"d":2}}',
		);
	});

	it('is a sha256 hex digest', () => {
		assert.match(canonicalHash({}), /^[0-9a-f]{64}$/);
	});
});
