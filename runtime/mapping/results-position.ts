const forbidden = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The records found at a results position (dot notation, `_root` or empty for the whole value): an array is
 * taken as is, a single object becomes one record, nothing found is no records.
 */
export function recordsAt(data: unknown, position: string): unknown[] {
	let current: unknown = data;
	if (position !== '' && position !== '_root') {
		for (const part of position.split('.')) {
			if (current === null || typeof current !== 'object' || forbidden.has(part) || !Object.hasOwn(current, part))
				return [];
			current = (current as Record<string, unknown>)[part];
		}
	}
	if (current === undefined || current === null) return [];
	return Array.isArray(current) ? current : [current];
}
