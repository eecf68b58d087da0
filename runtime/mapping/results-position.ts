import { readPath } from '../dot-path';

/**
 * The records found at a results position (a dot path as docs/dot-paths.md reads it, `_root` or empty for
 * the whole value): an array is taken as is, a single object becomes one record, nothing found is no records.
 */
export function recordsAt(data: unknown, position: string): unknown[] {
	const current = readPath(data, position);
	if (current === undefined || current === null) return [];
	return Array.isArray(current) ? current : [current];
}
