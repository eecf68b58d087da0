import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cityCalendar, dynamics365, googleCalendar, salesforce, stripe } from '../../../runtime/connectors';
import { compareCursorValues, readStoredCursor, selectNewRecords, sinceQuery } from '../../../runtime/polling';

const settings = { cursorField: 'updated', idPosition: 'id' };

describe('poll cursor', () => {
	it('emits everything, oldest first, on the first poll and remembers the ids at the top value', () => {
		const records = [
			{ id: 'c', updated: '2025-01-03T00:00:00Z' },
			{ id: 'a', updated: '2025-01-01T00:00:00Z' },
			{ id: 'b', updated: '2025-01-03T00:00:00Z' },
		];
		const selection = selectNewRecords(records, undefined, settings);
		assert.deepEqual(
			selection.fresh.map((record) => (record as { id: string }).id),
			['a', 'c', 'b'],
		);
		assert.deepEqual(selection.cursor, { value: '2025-01-03T00:00:00Z', idsAtValue: ['c', 'b'] });
	});

	it('a list of changes only (a sync token): every record is emitted, one with only an id too, and the cursor never moves back', () => {
		const cursor = { value: '2025-01-03T00:00:00Z', idsAtValue: ['b'] };
		const records = [
			{ id: 'b', updated: '2025-01-03T00:00:00Z' },
			{ id: 'x', status: 'cancelled' },
			{ id: 'a', updated: '2025-01-01T00:00:00Z' },
			{ id: 'x', status: 'cancelled' },
		];
		const changes = selectNewRecords(records, cursor, { ...settings, onlyChangesListed: true });
		assert.deepEqual(
			changes.fresh.map((record) => (record as { id: string }).id),
			['a', 'b', 'x'],
		);
		assert.equal(changes.withoutCursor, 0);
		assert.deepEqual(changes.cursor, cursor);
		const filtered = selectNewRecords(records, cursor, settings);
		assert.deepEqual(filtered.fresh, [], 'the cursor filter alone drops them all');
		assert.equal(filtered.withoutCursor, 2);
	});

	it('dedupes at the boundary: same timestamp and seen id is old, same timestamp and new id is new', () => {
		const cursor = { value: '2025-01-03T00:00:00Z', idsAtValue: ['c', 'b'] };
		const records = [
			{ id: 'b', updated: '2025-01-03T00:00:00Z' },
			{ id: 'd', updated: '2025-01-03T00:00:00Z' },
			{ id: 'a', updated: '2025-01-01T00:00:00Z' },
			{ id: 'e', updated: '2025-01-04T00:00:00Z' },
		];
		const selection = selectNewRecords(records, cursor, settings);
		assert.deepEqual(
			selection.fresh.map((record) => (record as { id: string }).id),
			['d', 'e'],
		);
		assert.deepEqual(selection.cursor, { value: '2025-01-04T00:00:00Z', idsAtValue: ['e'] });
	});

	it('carries the seen ids forward when the top value stays the same', () => {
		const cursor = { value: 5, idsAtValue: ['x'] };
		const selection = selectNewRecords(
			[
				{ id: 'x', updated: 5 },
				{ id: 'y', updated: 5 },
			],
			cursor,
			settings,
		);
		assert.deepEqual(selection.cursor, { value: 5, idsAtValue: ['x', 'y'] });
		assert.deepEqual(
			selectNewRecords(
				[
					{ id: 'x', updated: 5 },
					{ id: 'y', updated: 5 },
				],
				selection.cursor,
				settings,
			).fresh,
			[],
		);
	});

	it('compares epoch numbers numerically, Salesforce +0000 offsets as times, and counts records without a cursor', () => {
		assert.ok(compareCursorValues(9, 10) < 0);
		assert.ok(compareCursorValues('1700000010', 1700000009) > 0);
		assert.equal(compareCursorValues('2024-01-01T00:01:00.000+0000', '2024-01-01T00:01:00Z'), 0);
		assert.ok(compareCursorValues('2024-01-01T01:00:00.000+0100', '2024-01-01T00:30:00Z') < 0);
		assert.equal(selectNewRecords([{ id: 'a' }, { id: 'b', updated: null }], undefined, settings).withoutCursor, 2);
	});

	it('emits a record listed twice in one fetch once', () => {
		const selection = selectNewRecords(
			[
				{ id: 'a', updated: 1 },
				{ id: 'a', updated: 1 },
			],
			undefined,
			settings,
		);
		assert.equal(selection.fresh.length, 1);
	});

	it('reads only usable stored cursors', () => {
		assert.equal(readStoredCursor(undefined), undefined);
		assert.equal(readStoredCursor({ value: {} }), undefined);
		assert.deepEqual(readStoredCursor({ value: 3 }), { value: 3, idsAtValue: [] });
	});

	it('filters on the system side where it can, inclusively', () => {
		const cursor = { value: '2024-01-01T00:05:00.000+0000', idsAtValue: ['003'] };
		assert.equal(
			sinceQuery(salesforce.incremental, 'LastModifiedDate', cursor, { sobject: 'Contact', salesforceFields: 'Email' })
				.q,
			'SELECT Id, Email, LastModifiedDate FROM Contact WHERE LastModifiedDate > 2024-01-01T00:04:59Z ORDER BY LastModifiedDate ASC',
		);
		assert.deepEqual(sinceQuery(stripe.incremental, 'created', { value: 1700000005, idsAtValue: [] }), {
			'created[gte]': '1700000005',
		});
		assert.deepEqual(
			sinceQuery(dynamics365.incremental, 'modifiedon', { value: '2025-01-01T00:00:00Z', idsAtValue: [] }),
			{ $filter: 'modifiedon ge 2025-01-01T00:00:00.000Z', $orderby: 'modifiedon asc' },
		);
		assert.deepEqual(
			sinceQuery(googleCalendar.incremental, 'updated', { value: '2025-01-01T00:00:00Z', idsAtValue: [] }),
			{ updatedMin: '2025-01-01T00:00:00.000Z' },
		);
		assert.deepEqual(
			sinceQuery(cityCalendar.incremental, 'updated', { value: '2025-01-01T00:00:00Z', idsAtValue: [] }),
			{},
		);
		assert.deepEqual(sinceQuery(stripe.incremental, 'created', undefined), {});
	});
});
