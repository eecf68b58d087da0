import { systemClock, type Clock } from './clock';
import type { ReplayStore } from './replay-store';

export interface BoundedReplayOptions {
	/** At most this many ids are kept; the oldest recorded go first. Default 10 000. */
	maxEntries?: number;
	now?: Clock;
}

export const DEFAULT_MAX_REPLAY_ENTRIES = 10_000;

/** A replay store for one process. Expiry is checked on read; the oldest ids are evicted beyond maxEntries. */
export class MemoryReplayStore implements ReplayStore {
	private readonly expiries = new Map<string, number>();
	private readonly maxEntries: number;
	private readonly now: Clock;

	constructor(options: BoundedReplayOptions = {}) {
		this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_REPLAY_ENTRIES);
		this.now = options.now ?? systemClock;
	}

	get size(): number {
		return this.expiries.size;
	}

	async seen(eventId: string, ttlSeconds: number): Promise<boolean> {
		const now = this.now();
		const expiry = this.expiries.get(eventId);
		if (expiry !== undefined && expiry > now) return true;
		// Delete first so a re-recorded id moves to the end of the insertion order.
		this.expiries.delete(eventId);
		this.expiries.set(eventId, now + ttlSeconds * 1000);
		for (const id of this.expiries.keys()) {
			if (this.expiries.size <= this.maxEntries) break;
			this.expiries.delete(id);
		}
		return false;
	}
}
