import { readPath } from '../dot-path';

/** Keys checked, in order, when no resultsPosition is configured. */
export const DEFAULT_RESULT_KEYS = ['items', 'result', 'results', 'data', 'value', 'records'] as const;

/**
 * The records in a list response. `_root`: the body itself; a dot path: that location; absent:
 * the first of the common keys holding an array, else the body when it is an array.
 * A single object where a list was expected (one XML element) counts as a list of one.
 */
export function extractResults(body: unknown, resultsPosition?: string): unknown[] {
	if (body === undefined || body === null) return [];
	if (resultsPosition !== undefined && resultsPosition !== '') {
		return asList(readPath(body, resultsPosition));
	}
	if (Array.isArray(body)) return body;
	if (typeof body === 'object') {
		for (const key of DEFAULT_RESULT_KEYS) {
			const candidate = (body as Record<string, unknown>)[key];
			if (Array.isArray(candidate)) return candidate;
		}
	}
	return [];
}

function asList(found: unknown): unknown[] {
	if (found === undefined || found === null || found === '') return [];
	return Array.isArray(found) ? found : [found];
}
