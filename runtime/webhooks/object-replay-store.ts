import { systemClock, type Clock } from './clock';
import type { BoundedReplayOptions } from './memory-replay-store';
import type { ReplayStore } from './replay-store';

/** Id -> expiry (ms since epoch). Plain JSON, so it can live in n8n's workflow static data. */
export type ReplayRecord = Record<string, number>;

export const DEFAULT_MAX_PERSISTED_REPLAY_ENTRIES = 1_000;

// A prefix keeps every key a non-index string (so the object keeps insertion order, which eviction
// relies on) and keeps ids like "__proto__" from meaning anything to the object.
const KEY_PREFIX = 'e:';

/**
 * A replay store kept in a caller-owned plain object that the caller persists. Expired ids are
 * pruned on every call and the oldest recorded beyond maxEntries (default 1 000) are evicted,
 * so the object stays small.
 */
export class ObjectReplayStore implements ReplayStore {
	private readonly maxEntries: number;
	private readonly now: Clock;

	constructor(
		private readonly record: ReplayRecord,
		options: BoundedReplayOptions = {},
	) {
		this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_PERSISTED_REPLAY_ENTRIES);
		this.now = options.now ?? systemClock;
	}

	async seen(eventId: string, ttlSeconds: number): Promise<boolean> {
		const now = this.now();
		const key = KEY_PREFIX + eventId;
		for (const existing of Object.keys(this.record)) {
			const expiry = this.record[existing];
			if (typeof expiry !== 'number' || !(expiry > now)) delete this.record[existing];
		}
		if (Object.hasOwn(this.record, key)) return true;
		this.record[key] = now + ttlSeconds * 1000;
		const keys = Object.keys(this.record);
		for (let index = 0; keys.length - index > this.maxEntries; index++) delete this.record[keys[index]];
		return false;
	}
}
