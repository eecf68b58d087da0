export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
	/** Consecutive failures that open the circuit. */
	failureThreshold: number;
	/** How long the circuit stays open before one trial request is let through. */
	openMs: number;
	now?: () => number;
}

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = { failureThreshold: 10, openMs: 30_000 };

/**
 * Consecutive-failure circuit breaker. While open, callers fail fast instead of piling more
 * load on a target that is already down; after `openMs` a single trial decides (half-open).
 */
export class CircuitBreaker {
	private failures = 0;
	private openedAt: number | undefined;
	private trialInFlight = false;
	private readonly now: () => number;

	constructor(private readonly options: CircuitBreakerOptions = defaultCircuitBreakerOptions) {
		this.now = options.now ?? Date.now;
	}

	get state(): CircuitState {
		if (this.openedAt === undefined) return 'closed';
		return this.now() - this.openedAt >= this.options.openMs ? 'half-open' : 'open';
	}

	/** When the next trial is allowed (only meaningful while open). */
	get retryAt(): number {
		return (this.openedAt ?? this.now()) + this.options.openMs;
	}

	/** Whether a request may be sent now; in half-open only one trial at a time. */
	tryAcquire(): boolean {
		const state = this.state;
		if (state === 'closed') return true;
		if (state === 'open' || this.trialInFlight) return false;
		this.trialInFlight = true;
		return true;
	}

	recordSuccess(): void {
		this.failures = 0;
		this.openedAt = undefined;
		this.trialInFlight = false;
	}

	recordFailure(): void {
		this.trialInFlight = false;
		if (this.openedAt !== undefined) {
			// A failed trial re-opens for a full period.
			this.openedAt = this.now();
			return;
		}
		this.failures += 1;
		if (this.failures >= this.options.failureThreshold) this.openedAt = this.now();
	}
}
