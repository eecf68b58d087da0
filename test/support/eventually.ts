/**
 * Polls `read` until it gives a value (anything but undefined), for state another process changes
 * (a fake receiving n8n's writes); fails naming `what` after `timeoutMs`.
 */
export async function eventually<T>(
	read: () => T | undefined | Promise<T | undefined>,
	what: string,
	timeoutMs = 30_000,
	intervalMs = 100,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
