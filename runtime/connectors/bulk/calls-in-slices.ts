import { forEachConcurrently } from '../../contracts/bounded-concurrency';

/**
 * Sends `items` in calls of at most `size`, `concurrency` calls at a time, and answers `call`'s
 * answers in the order of `items`. The first call that fails rejects the whole, once the calls
 * under way have ended; no call starts after it.
 */
export async function callInSlices<T, R>(
	items: readonly T[],
	size: number,
	concurrency: number,
	call: (slice: T[]) => Promise<R[]>,
): Promise<R[]> {
	const answers: R[] = new Array<R>(items.length);
	const sliceCount = Math.ceil(items.length / size);
	let failure: { error: unknown } | undefined;
	await forEachConcurrently(sliceCount, concurrency, async (index) => {
		if (failure !== undefined) return;
		const start = index * size;
		try {
			const answered = await call(items.slice(start, start + size));
			answered.forEach((answer, offset) => (answers[start + offset] = answer));
		} catch (error) {
			failure ??= { error };
		}
	});
	if (failure !== undefined) throw failure.error;
	return answers;
}
