import { idAtPath } from '../dot-path';

/** Reads an event id from a JSON body at a dot path (`id`, `data.object.id`; see `dot-path.ts`). */
export function eventIdFromJsonBody(rawBody: Buffer, path: string): string | undefined {
	let body: unknown;
	try {
		body = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	return idAtPath(body, path);
}
