/**
 * n8n reports ready before it has activated the published workflows, so a production webhook can
 * answer 404 for a moment after start. A GET on a path registered only for POST answers with
 * "not registered for GET requests" instead of "is not registered": poll until that (or any non-404).
 */
export async function waitForWebhookRegistration(baseUrl: string, path: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`${baseUrl}/webhook/${path}`);
			last = await response.text();
			if (response.status !== 404 || last.includes('not registered for GET requests')) return;
		} catch (error) {
			last = String(error);
		}
		await new Promise((wake) => setTimeout(wake, 250));
	}
	throw new Error(`webhook "${path}" not registered at ${baseUrl} within ${timeoutMs} ms: ${last}`);
}
