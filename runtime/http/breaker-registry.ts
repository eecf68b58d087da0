import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker';

/** What one circuit breaker guards: one system, reached with one credential. */
export interface BreakerTarget {
	/** Origin (scheme, host, port) of the system's resolved base URL. */
	origin: string;
	/** The credential requests are signed with (n8n's credential id); absent for unauthenticated requests. */
	credential?: string;
}

/** A URL that has no network origin (an unresolved `{{baseUrl}}` template, `connector:x`) cannot name a target. */
export class BreakerTargetError extends Error {
	constructor(readonly url: string) {
		super(
			`"${url}" is not an http(s) URL, so it names no circuit breaker target; resolve the base URL from the credential first`,
		);
		this.name = 'BreakerTargetError';
	}
}

/**
 * The breaker target of requests to `url` signed with `credential`. Two accounts of one system
 * (two Stripe keys) are two targets: one account's outage or rate limit says nothing about the other.
 */
export function breakerTarget(url: string, credential?: string): BreakerTarget {
	// Every URL of a non-special scheme has the origin "null": all of them would share one breaker.
	const origin = URL.canParse(url) ? new URL(url).origin : 'null';
	if (origin === 'null') throw new BreakerTargetError(url);
	return credential === undefined || credential === '' ? { origin } : { origin, credential };
}

const breakers = new Map<string, CircuitBreaker>();

/**
 * One breaker per target per process, so every execution in a worker shares what it has learned
 * about a failing target instead of each run hammering it afresh.
 */
export function breakerFor(target: BreakerTarget, options?: CircuitBreakerOptions): CircuitBreaker {
	const key = JSON.stringify([target.origin, target.credential ?? null]);
	let breaker = breakers.get(key);
	if (breaker === undefined) {
		breaker = new CircuitBreaker(options);
		breakers.set(key, breaker);
	}
	return breaker;
}
