import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { MemoryReplayStore } from '../../../runtime/webhooks/memory-replay-store';
import { ObjectReplayStore, type ReplayRecord } from '../../../runtime/webhooks/object-replay-store';
import { clearProcessReplayRecords, processReplayRecord } from '../../../runtime/webhooks/process-replay-records';
import type { ReplayStore } from '../../../runtime/webhooks/replay-store';

function manualClock(start = 1_767_225_600_000) {
	let now = start;
	return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

type Factory = (options: { maxEntries?: number; now: () => number }) => ReplayStore;

const stores: Array<[string, Factory]> = [
	['MemoryReplayStore', (options) => new MemoryReplayStore(options)],
	['ObjectReplayStore', (options) => new ObjectReplayStore({}, options)],
];

for (const [name, create] of stores) {
	describe(name, () => {
		test('the same id twice: the second is a duplicate; other ids are not', async () => {
			const clock = manualClock();
			const store = create({ now: clock.now });
			assert.equal(await store.seen('evt_1', 60), false);
			assert.equal(await store.seen('evt_1', 60), true);
			assert.equal(await store.seen('evt_2', 60), false);
			assert.equal(await store.seen('evt_1', 60), true);
		});

		test('an id is forgotten once its TTL has passed, then recorded again', async () => {
			const clock = manualClock();
			const store = create({ now: clock.now });
			assert.equal(await store.seen('evt_1', 60), false);
			clock.advance(59);
			assert.equal(await store.seen('evt_1', 60), true);
			clock.advance(1);
			assert.equal(await store.seen('evt_1', 60), false);
			assert.equal(await store.seen('evt_1', 60), true);
		});

		test('beyond maxEntries the oldest recorded ids are evicted first', async () => {
			const clock = manualClock();
			const store = create({ maxEntries: 3, now: clock.now });
			for (const id of ['a', 'b', 'c', 'd']) assert.equal(await store.seen(id, 3600), false);
			assert.equal(await store.seen('b', 3600), true);
			assert.equal(await store.seen('c', 3600), true);
			assert.equal(await store.seen('d', 3600), true);
			assert.equal(await store.seen('a', 3600), false, 'a was evicted, so it counts as new');
		});

		test('concurrent calls for one id: exactly one is new', async () => {
			const store = create({ now: manualClock().now });
			const results = await Promise.all(Array.from({ length: 10 }, () => store.seen('evt_same', 60)));
			assert.equal(results.filter((duplicate) => !duplicate).length, 1);
		});

		test('ids that look like numbers or object internals are ordinary ids', async () => {
			const store = create({ maxEntries: 2, now: manualClock().now });
			assert.equal(await store.seen('__proto__', 60), false);
			assert.equal(await store.seen('__proto__', 60), true);
			assert.equal(await store.seen('constructor', 60), false);
		});

		test('eviction follows recording order, also for numeric-looking ids', async () => {
			const store = create({ maxEntries: 2, now: manualClock().now });
			assert.equal(await store.seen('10', 60), false);
			assert.equal(await store.seen('2', 60), false);
			assert.equal(await store.seen('x', 60), false);
			// '10' was recorded before '2', so it went first although it sorts after '2' as a number.
			assert.equal(await store.seen('2', 60), true);
			assert.equal(await store.seen('10', 60), false);
		});
	});
}

describe('MemoryReplayStore size', () => {
	test('never holds more than maxEntries', async () => {
		const store = new MemoryReplayStore({ maxEntries: 5, now: manualClock().now });
		for (let index = 0; index < 50; index++) await store.seen(`evt_${index}`, 60);
		assert.equal(store.size, 5);
	});
});

describe('ObjectReplayStore record', () => {
	test('lives in the caller’s plain object, survives a JSON round trip, and prunes expired ids', async () => {
		const clock = manualClock();
		const record: ReplayRecord = {};
		const store = new ObjectReplayStore(record, { now: clock.now });
		await store.seen('evt_1', 60);
		await store.seen('evt_2', 600);
		assert.deepEqual(Object.keys(record).length, 2);

		const restored = JSON.parse(JSON.stringify(record)) as ReplayRecord;
		const reloaded = new ObjectReplayStore(restored, { now: clock.now });
		assert.equal(await reloaded.seen('evt_1', 60), true);

		clock.advance(61);
		assert.equal(await reloaded.seen('evt_3', 60), false);
		assert.equal(Object.keys(restored).length, 2, 'evt_1 expired and was pruned; evt_2 and evt_3 remain');
		assert.equal(await reloaded.seen('evt_2', 60), true);
	});

	test('never holds more than maxEntries and ignores junk values', async () => {
		const record: ReplayRecord = { junk: Number.NaN, 'e:old': 0 };
		const store = new ObjectReplayStore(record, { maxEntries: 4, now: manualClock().now });
		for (let index = 0; index < 20; index++) await store.seen(`evt_${index}`, 60);
		assert.equal(Object.keys(record).length, 4);
		assert.equal(await store.seen('evt_19', 60), true);
	});
});

describe('processReplayRecord', () => {
	test('one record per scope, seeded once from the persisted copy', () => {
		clearProcessReplayRecords();
		const seeded = processReplayRecord('wf\u0000node\u0000webhook', { 'e:a': 5, junk: 'x', 'e:b': Number.POSITIVE_INFINITY });
		assert.deepEqual(seeded, { 'e:a': 5 });
		assert.equal(processReplayRecord('wf\u0000node\u0000webhook', { 'e:c': 9 }), seeded, 'later persisted copies are ignored');
		assert.notEqual(processReplayRecord('wf\u0000node\u0000manual'), seeded);
		assert.deepEqual(processReplayRecord('other', null), {});
		clearProcessReplayRecords();
	});
});
