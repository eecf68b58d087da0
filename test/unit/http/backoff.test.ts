import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fullJitterDelay } from '../../../runtime/http/backoff';
import { headerValue, parseRetryAfter } from '../../../runtime/http/retry-after';
import { classifyStatus } from '../../../runtime/http/retry-policy';
import { idempotencyKey } from '../../../runtime/http/idempotency-key';

describe('fullJitterDelay', () => {
	it('draws uniformly below min(cap, base * 2^attempt)', () => {
		const options = { baseMs: 100, capMs: 1000 };
		assert.equal(
			fullJitterDelay(0, options, () => 0.999),
			99,
		);
		assert.equal(
			fullJitterDelay(2, options, () => 0.5),
			200,
		);
		assert.equal(
			fullJitterDelay(10, options, () => 0.5),
			500,
			'capped',
		);
		assert.equal(
			fullJitterDelay(3, options, () => 0),
			0,
		);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-03-01T12:00:00Z');
	it('reads delta-seconds', () => {
		assert.equal(parseRetryAfter('3', now), 3000);
		assert.equal(parseRetryAfter(' 0 ', now), 0);
		assert.equal(parseRetryAfter('1.5', now), 1500);
	});
	it('reads HTTP dates, never negative', () => {
		assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:00:05 GMT', now), 5000);
		assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now), 0);
	});
	it('returns undefined for missing or garbage values', () => {
		assert.equal(parseRetryAfter(undefined, now), undefined);
		assert.equal(parseRetryAfter('', now), undefined);
		assert.equal(parseRetryAfter('soon', now), undefined);
		assert.equal(parseRetryAfter('-5', now), undefined);
	});
	it('finds headers case-insensitively', () => {
		assert.equal(headerValue({ 'Retry-After': '2' }, 'retry-after'), '2');
	});
});

describe('classifyStatus', () => {
	it('retries network-ish statuses only', () => {
		for (const status of [408, 429, 500, 502, 503, 504])
			assert.equal(classifyStatus(status), 'retryable', String(status));
		for (const status of [400, 401, 403, 404, 409, 422])
			assert.equal(classifyStatus(status), 'permanent', String(status));
		for (const status of [200, 201, 204, 304]) assert.equal(classifyStatus(status), 'success', String(status));
	});
});

describe('idempotencyKey', () => {
	it('is deterministic and changes with any part', () => {
		const parts = { synchronizationId: 's', originId: 'o', originHash: 'h', action: 'create', contractRevision: 0 };
		assert.equal(idempotencyKey(parts), idempotencyKey({ ...parts }));
		assert.match(idempotencyKey(parts), /^sb-[0-9a-f]{40}$/);
		assert.notEqual(idempotencyKey(parts), idempotencyKey({ ...parts, originHash: 'h2' }));
		assert.notEqual(idempotencyKey(parts), idempotencyKey({ ...parts, action: 'update' }));
		assert.notEqual(idempotencyKey(parts), idempotencyKey({ ...parts, contractRevision: 3 }));
		// No ambiguity from concatenation.
		assert.notEqual(
			idempotencyKey({ ...parts, synchronizationId: 'a|b', originId: 'c' }),
			idempotencyKey({ ...parts, synchronizationId: 'a', originId: 'b|c' }),
		);
	});
});
