import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConflicts } from '../../../runtime/contracts/conflict-policy';

const origin = { name: 'Origin name', email: 'o@example.com', phone: '1', same: true };
const target = { name: 'Target name', email: 't@example.com', phone: '1', same: true, extra: 'only in target' };

describe('resolveConflicts', () => {
	it('applies a source of truth per field', () => {
		const result = resolveConflicts({ origin, target }, { default: 'origin', fields: { email: 'target' } });
		assert.deepEqual(result.conflicting, ['email', 'extra', 'name']);
		assert.deepEqual(result.merged, { name: 'Origin name', email: 't@example.com', phone: '1', same: true });
		assert.deepEqual(result.keptFromTarget, ['email']);
		assert.deepEqual(result.parked, []);
	});

	it('takes the newer side under lastWriterWins', () => {
		const newerTarget = resolveConflicts(
			{ origin, target, originModifiedAt: '2026-01-01T00:00:00Z', targetModifiedAt: '2026-01-02T00:00:00Z' },
			{ default: 'lastWriterWins' },
		);
		assert.equal(newerTarget.merged.name, 'Target name');
		assert.equal(newerTarget.merged.extra, 'only in target');
		const newerOrigin = resolveConflicts(
			{
				origin,
				target,
				originModifiedAt: Date.parse('2026-01-03T00:00:00Z'),
				targetModifiedAt: '2026-01-02T00:00:00Z',
			},
			{ default: 'lastWriterWins' },
		);
		assert.equal(newerOrigin.merged.name, 'Origin name');
	});

	it('parks fields that need a person', () => {
		const result = resolveConflicts({ origin, target }, { default: 'origin', fields: { name: 'park' } });
		assert.deepEqual(result.parked, ['name']);
	});

	it('ignores volatile fields', () => {
		const result = resolveConflicts(
			{ origin: { a: 1, at: 'x' }, target: { a: 1, at: 'y' }, ignore: ['at'] },
			{ default: 'park' },
		);
		assert.deepEqual(result.conflicting, []);
	});
});
