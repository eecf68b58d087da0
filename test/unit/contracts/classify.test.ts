import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, findOrphans } from '../../../runtime/contracts/classify';
import { emptyContract, type Contract } from '../../../runtime/contracts/contract';

const synced: Contract = {
	...emptyContract('s', 'o1'),
	targetId: 't1',
	originHash: 'h1',
	targetHash: 'th1',
	lastWrittenTargetHash: 'th1',
	configVersion: 'c1',
	mappingVersion: 'm1',
};
const base = { hash: 'h1', contract: synced, configVersion: 'c1', mappingVersion: 'm1', force: false };

describe('classify', () => {
	it('routes objects without a contract to new', () => {
		assert.deepEqual(classify({ ...base, contract: undefined }), { route: 'new', reason: 'no-contract' });
	});

	it('is unchanged only when hash, config, mapping, target id and hash all match and force is off', () => {
		assert.deepEqual(classify(base), { route: 'unchanged', reason: 'up-to-date' });
		assert.deepEqual(classify({ ...base, hash: 'h2' }), { route: 'changed', reason: 'hash-changed' });
		assert.deepEqual(classify({ ...base, configVersion: 'c2' }), { route: 'changed', reason: 'config-changed' });
		assert.deepEqual(classify({ ...base, mappingVersion: 'm2' }), { route: 'changed', reason: 'mapping-changed' });
		assert.deepEqual(classify({ ...base, contract: { ...synced, targetId: null } }), {
			route: 'changed',
			reason: 'target-missing',
		});
		assert.deepEqual(classify({ ...base, contract: { ...synced, targetHash: null } }), {
			route: 'changed',
			reason: 'target-missing',
		});
		assert.deepEqual(classify({ ...base, force: true }), { route: 'changed', reason: 'forced' });
	});

	it('recognises the echo of our own write to the inbound side, even when forced', () => {
		const twoWay = { ...synced, lastWrittenOriginHash: 'written-to-origin' };
		assert.deepEqual(classify({ ...base, contract: twoWay, hash: 'written-to-origin', force: true }), {
			route: 'unchanged',
			reason: 'echo',
		});
		// From the target side: compare with what we wrote there.
		assert.deepEqual(classify({ ...base, inboundSide: 'target', hash: 'th1' }), { route: 'unchanged', reason: 'echo' });
		assert.deepEqual(classify({ ...base, inboundSide: 'target', hash: 'edited-in-target' }), {
			route: 'changed',
			reason: 'hash-changed',
		});
	});

	it('routes an object reported deleted to orphaned when it has a contract, even an echo; without one there is nothing to delete', () => {
		assert.deepEqual(classify({ ...base, deleted: true }), { route: 'orphaned', reason: 'deleted-at-source' });
		assert.deepEqual(classify({ ...base, inboundSide: 'target', hash: 'th1', deleted: true }), {
			route: 'orphaned',
			reason: 'deleted-at-source',
		});
		assert.deepEqual(classify({ ...base, contract: undefined, deleted: true }), {
			route: 'unchanged',
			reason: 'nothing-to-delete',
		});
		assert.deepEqual(classify({ ...base, deleted: false }), { route: 'unchanged', reason: 'up-to-date' });
	});

	it('finds orphans as contracts missing from the fetched set', () => {
		assert.deepEqual(findOrphans(['a', 'b', 'c'], new Set(['b'])), ['a', 'c']);
	});
});
