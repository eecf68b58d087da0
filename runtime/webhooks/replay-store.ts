/**
 * Remembers event ids so a replayed delivery is processed once. `seen` records the id and reports,
 * in one atomic step, whether it was already recorded and not yet expired.
 */
export interface ReplayStore {
	seen(eventId: string, ttlSeconds: number): Promise<boolean>;
}

/** How long an event id is remembered by default: a day covers the retry schedules of common senders. */
export const DEFAULT_REPLAY_TTL_SECONDS = 24 * 60 * 60;
