import { systemClock, type Clock } from './clock';

/**
 * Values kept for a short time, for data that is expensive to fetch on every webhook delivery and
 * may change at any moment (a credential): a change reaches the cache at the latest `maxAgeMs` later.
 * Bounded: beyond `maxEntries` the oldest entries go first.
 */
export class ShortLivedCache<V> {
	private readonly entries = new Map<string, { value: V; storedAt: number }>();

	constructor(
		private readonly maxAgeMs: number,
		private readonly maxEntries = 1_000,
		private readonly now: Clock = systemClock,
	) {}

	get(key: string): V | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (this.now() - entry.storedAt >= this.maxAgeMs) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.value;
	}

	set(key: string, value: V): void {
		this.entries.delete(key);
		this.entries.set(key, { value, storedAt: this.now() });
		for (const oldest of this.entries.keys()) {
			if (this.entries.size <= this.maxEntries) break;
			this.entries.delete(oldest);
		}
	}
}
