import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ShortLivedCache } from '../../../runtime/webhooks/short-lived-cache';

describe('ShortLivedCache', () => {
	test('a value is served until it is maxAge old, then fetched again', () => {
		let now = 1_000;
		const cache = new ShortLivedCache<string>(30_000, 10, () => now);
		cache.set('k', 'v1');
		now += 29_999;
		assert.equal(cache.get('k'), 'v1');
		now += 1;
		assert.equal(cache.get('k'), undefined);
		cache.set('k', 'v2');
		assert.equal(cache.get('k'), 'v2');
	});

	test('never holds more than maxEntries; the oldest stored goes first', () => {
		const cache = new ShortLivedCache<number>(60_000, 2, () => 0);
		cache.set('a', 1);
		cache.set('b', 2);
		cache.set('a', 3);
		cache.set('c', 4);
		assert.equal(cache.get('b'), undefined, 'b was stored before a was stored again');
		assert.equal(cache.get('a'), 3);
		assert.equal(cache.get('c'), 4);
	});
});
