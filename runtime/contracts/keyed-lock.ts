/**
 * A mutex per key inside one process: `run(key, work)` starts `work` only after every earlier
 * `run` of the same key settled. Keys with no waiter are forgotten, so the map stays small.
 */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, work: () => Promise<T>): Promise<T> {
		return this.runAll([key], work);
	}

	/**
	 * `run` holding every key at once. The caller queues behind the current holder of each key in one
	 * synchronous step, so any two callers are in the same order on every key they share: they never
	 * wait on each other in a cycle.
	 */
	async runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
		const unique = [...new Set(keys)];
		let release!: () => void;
		const tail = new Promise<void>((resolve) => (release = resolve));
		const previous: Promise<void>[] = [];
		for (const key of unique) {
			const held = this.tails.get(key);
			if (held !== undefined) previous.push(held);
			this.tails.set(key, tail);
		}
		await Promise.all(previous);
		try {
			return await work();
		} finally {
			for (const key of unique) if (this.tails.get(key) === tail) this.tails.delete(key);
			release();
		}
	}
}

/** The lock key of one object of one synchronization (unambiguous: the separator cannot occur in the length prefix). */
export function objectLockKey(synchronizationId: string, originId: string): string {
	return `${synchronizationId.length}:${synchronizationId}:${originId}`;
}
