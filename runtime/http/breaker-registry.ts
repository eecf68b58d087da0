import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';

const breakers = new Map<string, CircuitBreaker>();

/**
 * One breaker per target origin per process, so every execution in a worker shares what it has
 * learned about a failing target instead of each run hammering it afresh.
 */
export function breakerFor(url: string, options?: CircuitBreakerOptions): CircuitBreaker {
	const key = new URL(url).origin;
	let breaker = breakers.get(key);
	if (breaker === undefined) {
		breaker = new CircuitBreaker(options);
		breakers.set(key, breaker);
	}
	return breaker;
}
