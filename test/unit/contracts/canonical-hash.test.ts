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

	it('hashes as earlier versions did: stored contracts keep matching', () => {
		const record = {
			key: 'r1',
			name: 'Member 1',
			membership: { level: 'gold', tags: ['a', 'b'] },
			amount: 37,
			'10': 'ten',
			'2': 'two',
			'quo"te': 'é\n',
			since: new Date('2024-01-01T00:00:00Z'),
		};
		assert.equal(canonicalHash(record), '94b10afd17d46dee3e485ef17c3076c15763aef6dca5aae1e4584e448c160603');
	});

	it('serialises any JSON value as JSON.stringify does once its keys are sorted', () => {
		let seed = 7;
		const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
		const keys = ['a', 'b', 'z', 'A', '_id', '10', '2', 'é', 'quo"te', 'line\nbreak', '@odata.etag', ''];
		// Wide objects too: up to 16 keys are sorted in place, more by Array.prototype.sort.
		const wideKeys = [...keys, ...Array.from({ length: 30 }, (_, n) => `k${n}`), '100', '0', 'Z9'];
		// Strings JSON escapes (quotes, backslashes, control characters, lone surrogates) and ones it keeps.
		const texts = [
			'back\\slash',
			'tab\there',
			'\u0000',
			'\u001f',
			'\u007f',
			'\ud83d\ude00',
			'\ud800',
			'x\udfff',
			'€',
			'\u2028',
		];
		const numbers = [0, -0, 1e21, 1e-7, 5e-324, -1.5e300, 0.1 + 0.2, 2 ** 53, NaN, Infinity];
		const value = (depth: number): unknown => {
			const kind = Math.floor(random() * (depth > 3 ? 4 : 6));
			if (kind === 0)
				return random() < 0.3
					? numbers[Math.floor(random() * numbers.length)]
					: Math.round(random() * 1e6) / 100 - 5000;
			if (kind === 1) {
				const words = random() < 0.3 ? texts : keys;
				const word = words[Math.floor(random() * words.length)];
				return random() < 0.5 ? word : `${String(random())}${word}`;
			}
			if (kind === 2) return random() < 0.5 ? null : random() < 0.5;
			if (kind === 3) return '';
			if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
			const wide = random() < 0.15;
			const pool = wide ? wideKeys : keys;
			const entries = Array.from({ length: wide ? 12 + Math.floor(random() * 14) : Math.floor(random() * 6) }, () => [
				pool[Math.floor(random() * pool.length)],
				value(depth + 1),
			]);
			// Half the objects arrive with their keys already in order, half shuffled.
			if (random() < 0.5) entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
			return Object.fromEntries(entries);
		};
		// The same text built another way: every object's keys sorted, each member through JSON.stringify.
		const reference = (input: unknown): string => {
			if (Array.isArray(input)) return `[${input.map(reference).join(',')}]`;
			if (input === null || typeof input !== 'object') return JSON.stringify(input);
			const record = input as Record<string, unknown>;
			const members = Object.keys(record)
				.sort()
				.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`);
			return `{${members.join(',')}}`;
		};
		for (let run = 0; run < 2000; run++) {
			const input = value(0);
			assert.equal(canonicalize(input), reference(input));
		}
	});
});
