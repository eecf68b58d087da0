import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idAtPath, readPath } from '../../runtime/dot-path';
import { reportsDeletion } from '../../runtime/contracts/reported-deletion';
import { eventIdFromJsonBody } from '../../runtime/webhooks/body-event-id';

describe('one meaning for a dot path', () => {
	it('names the value itself with "" and _root', () => {
		const value = { a: 1 };
		assert.equal(readPath(value, ''), value);
		assert.equal(readPath(value, '_root'), value);
	});

	it('tries a key whole before splitting it, at every level', () => {
		const value = { 'a.b': 'whole', a: { b: 'split', 'c.d': { e: 'nested whole' } } };
		assert.equal(readPath(value, 'a.b'), 'whole');
		assert.equal(readPath(value, 'a.c.d.e'), 'nested whole');
		assert.equal(readPath({ a: { b: 'split' } }, 'a.b'), 'split');
		assert.equal(readPath({ '@odata.nextLink': 'n', value: [] }, '@odata.nextLink'), 'n');
	});

	it('follows own properties and array indexes only', () => {
		assert.equal(readPath({ items: [{ id: 'x' }] }, 'items.0.id'), 'x');
		assert.equal(readPath({}, 'constructor.name'), undefined);
		assert.equal(readPath({ a: 1 }, 'a.b'), undefined);
		assert.equal(readPath(null, 'a'), undefined);
	});

	it('reads a path of one key the same way: own properties and indexes, nothing of a primitive', () => {
		assert.equal(readPath({ id: 'x' }, 'id'), 'x');
		assert.equal(readPath({ id: undefined }, 'id'), undefined);
		assert.equal(readPath({}, 'constructor'), undefined);
		assert.equal(readPath(Object.create({ id: 'inherited' }), 'id'), undefined);
		assert.equal(readPath([10, 20], '1'), 20);
		assert.equal(readPath('text', 'length'), undefined);
		assert.equal(readPath(undefined, 'id'), undefined);
	});

	it('reads ids as strings: non-empty strings and finite numbers', () => {
		assert.equal(idAtPath({ id: 7 }, 'id'), '7');
		assert.equal(idAtPath({ id: '' }, 'id'), undefined);
		assert.equal(idAtPath({ id: { nested: 1 } }, 'id'), undefined);
		assert.equal(idAtPath({ 'msdyn.id': 'd' }, 'msdyn.id'), 'd');
	});

	it('is the meaning Contract Check fields and webhook event ids use', () => {
		assert.equal(reportsDeletion({ '@removed.flag': true }, '@removed.flag'), true);
		assert.equal(eventIdFromJsonBody(Buffer.from(JSON.stringify({ 'event.id': 'evt-1' })), 'event.id'), 'evt-1');
		assert.equal(
			eventIdFromJsonBody(Buffer.from(JSON.stringify({ data: { object: { id: 5 } } })), 'data.object.id'),
			'5',
		);
		assert.equal(eventIdFromJsonBody(Buffer.from('not json'), 'id'), undefined);
	});
});
