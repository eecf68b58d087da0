/**
 * Reads an event id from a JSON body at a dotted path (`id`, `data.object.id`). Only own
 * properties are followed, nothing is evaluated; strings and finite numbers count as ids.
 */
export function eventIdFromJsonBody(rawBody: Buffer, path: string): string | undefined {
	let current: unknown;
	try {
		current = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	for (const segment of path.split('.')) {
		if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	if (typeof current === 'string' && current !== '') return current;
	if (typeof current === 'number' && Number.isFinite(current)) return String(current);
	return undefined;
}
