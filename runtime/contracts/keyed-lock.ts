/**
 * A mutex per key inside one process: `run(key, work)` starts `work` only after every earlier
 * `run` of the same key settled. Keys with no waiter are forgotten, so the map stays small.
 */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, work: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const tail = new Promise<void>((resolve) => (release = resolve));
		this.tails.set(key, tail);
		await previous;
		try {
			return await work();
		} finally {
			if (this.tails.get(key) === tail) this.tails.delete(key);
			release();
		}
	}
	/** `run` holding every key at once; keys are taken in sorted order, so two callers never wait on each other in a cycle. */
	async runAll<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
		const sorted = [...new Set(keys)].sort();
		const holding = (index: number): Promise<T> =>
			index === sorted.length ? work() : this.run(sorted[index], () => holding(index + 1));
		return holding(0);
	}
}

/** The lock key of one object of one synchronization (unambiguous: the separator cannot occur in the length prefix). */
export function objectLockKey(synchronizationId: string, originId: string): string {
	return `${synchronizationId.length}:${synchronizationId}:${originId}`;
}
