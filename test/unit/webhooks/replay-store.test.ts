import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { MemoryReplayStore } from '../../../runtime/webhooks/memory-replay-store';
import { SqliteReplayDatabase } from '../../../runtime/webhooks/sqlite-replay-store';
import type { ReplayStore } from '../../../runtime/webhooks/replay-store';

function manualClock(start = 1_767_225_600_000) {
	let now = start;
	return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

type Factory = (options: { now: () => number }) => ReplayStore;

const stores: Array<[string, Factory]> = [
	['MemoryReplayStore', (options) => new MemoryReplayStore(options)],
	[
		'SqliteReplayDatabase',
		(options) => new SqliteReplayDatabase(':memory:', options.now).forEndpoint('["wf","node","webhook"]'),
	],
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

		test('concurrent calls for one id: exactly one is new', async () => {
			const store = create({ now: manualClock().now });
			const results = await Promise.all(Array.from({ length: 10 }, () => store.seen('evt_same', 60)));
			assert.equal(results.filter((duplicate) => !duplicate).length, 1);
		});

		test('ids that look like numbers or object internals are ordinary ids', async () => {
			const store = create({ now: manualClock().now });
			assert.equal(await store.seen('__proto__', 60), false);
			assert.equal(await store.seen('__proto__', 60), true);
			assert.equal(await store.seen('constructor', 60), false);
		});
	});
}

describe('MemoryReplayStore bounds', () => {
	const create = (options: { maxEntries?: number; now: () => number }) => new MemoryReplayStore(options);
	test('beyond maxEntries the oldest recorded ids are evicted first', async () => {
		const clock = manualClock();
		const store = create({ maxEntries: 3, now: clock.now });
		for (const id of ['a', 'b', 'c', 'd']) assert.equal(await store.seen(id, 3600), false);
		assert.equal(await store.seen('b', 3600), true);
		assert.equal(await store.seen('c', 3600), true);
		assert.equal(await store.seen('d', 3600), true);
		assert.equal(await store.seen('a', 3600), false, 'a was evicted, so it counts as new');
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
	test('never holds more than maxEntries', async () => {
		const store = new MemoryReplayStore({ maxEntries: 5, now: manualClock().now });
		for (let index = 0; index < 50; index++) await store.seen(`evt_${index}`, 60);
		assert.equal(store.size, 5);
	});
});

describe('SqliteReplayDatabase', () => {
	test('endpoints are separate: a test URL delivery does not mark the production id seen', async () => {
		const database = new SqliteReplayDatabase(':memory:');
		assert.equal(await database.forEndpoint('["wf","node","manual"]').seen('evt_1', 60), false);
		assert.equal(await database.forEndpoint('["wf","node","webhook"]').seen('evt_1', 60), false);
		assert.equal(await database.forEndpoint('["wf","node","webhook"]').seen('evt_1', 60), true);
		database.close();
	});

	test('expired ids are pruned from the file as recording goes on', async () => {
		const clock = manualClock();
		const database = new SqliteReplayDatabase(':memory:', clock.now);
		const store = database.forEndpoint('e');
		for (let index = 0; index < 600; index++) await store.seen(`old_${index}`, 60);
		clock.advance(61);
		for (let index = 0; index < 600; index++) await store.seen(`new_${index}`, 60);
		const rows = (database as unknown as { db: { prepare(sql: string): { get(): { n: number } } } }).db
			.prepare('SELECT count(*) AS n FROM syncbridge_webhook_events')
			.get();
		assert.ok(rows.n < 1200, `expired ids were deleted (${rows.n} rows left)`);
		assert.equal(await store.seen('new_599', 60), true);
		database.close();
	});
});
