import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker } from '../../../runtime/http/circuit-breaker';

describe('CircuitBreaker', () => {
	it('opens after consecutive failures, half-opens after the cool-down, closes on a good trial', () => {
		let now = 0;
		const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now });
		breaker.recordFailure();
		breaker.recordFailure();
		breaker.recordSuccess(); // resets the streak
		breaker.recordFailure();
		breaker.recordFailure();
		assert.equal(breaker.state, 'closed');
		breaker.recordFailure();
		assert.equal(breaker.state, 'open');
		assert.equal(breaker.tryAcquire(), false);
		now = 1000;
		assert.equal(breaker.state, 'half-open');
		assert.equal(breaker.tryAcquire(), true);
		assert.equal(breaker.tryAcquire(), false, 'one trial at a time');
		breaker.recordSuccess();
		assert.equal(breaker.state, 'closed');
	});

	it('re-opens for a full period when the trial fails', () => {
		let now = 0;
		const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 1000, now: () => now });
		breaker.recordFailure();
		now = 1500;
		assert.equal(breaker.tryAcquire(), true);
		breaker.recordFailure();
		assert.equal(breaker.state, 'open');
		assert.equal(breaker.retryAt, 2500);
	});
});
