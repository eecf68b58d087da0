export interface BackoffOptions {
	/** Delay scale for the first retry, in ms. */
	baseMs: number;
	/** Upper bound of any single delay, in ms. */
	capMs: number;
}

/**
 * "Full jitter" (AWS architecture blog): a uniformly random delay in [0, min(cap, base * 2^attempt)).
 * Spreads the retries of many workers hitting the same rate limit instead of synchronising them.
 * `attempt` counts from 0 for the first retry; `random` is injectable for deterministic tests.
 */
export function fullJitterDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
	const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
	return Math.floor(random() * ceiling);
}
