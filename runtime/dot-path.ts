/**
 * The one meaning of a dot path (`data.id`, `@attributes.identifier`, `items.0.id`,
 * `@odata.nextLink`) on the host side: connector positions (results, ids, pagination, error
 * messages, CSV columns, poll cursors), Contract Check's origin id, origin version, deleted flag and
 * linked-object fields, Upsert's ID Position, webhook event ids.
 *
 * - `''` and `_root` name the value itself.
 * - Keys may contain dots. At each level the longest run of the remaining segments that names a key
 *   wins, so a key is tried whole first (`@odata.nextLink`), then split (`data` then `id`).
 * - Only own properties are followed (`constructor.name` finds nothing), array indexes included;
 *   nothing is evaluated.
 */
export function readPath(value: unknown, path: string): unknown {
	if (path === '' || path === '_root') return value;
	// One key (`id`, most ids and positions): no segments to try.
	if (!path.includes('.'))
		return value !== null && typeof value === 'object' && Object.hasOwn(value, path)
			? (value as Record<string, unknown>)[path]
			: undefined;
	const segments = path.split('.');
	let current: unknown = value;
	let index = 0;
	while (index < segments.length) {
		if (current === null || typeof current !== 'object') return undefined;
		const container = current as Record<string, unknown>;
		let end = segments.length;
		while (end > index && !Object.hasOwn(container, segments.slice(index, end).join('.'))) end--;
		if (end === index) return undefined;
		current = container[segments.slice(index, end).join('.')];
		index = end;
	}
	return current;
}

/** The id at a dot path as a string: a non-empty string or a finite number; otherwise undefined. */
export function idAtPath(value: unknown, path: string): string | undefined {
	const found = readPath(value, path);
	if (typeof found === 'string' && found !== '') return found;
	if (typeof found === 'number' && Number.isFinite(found)) return String(found);
	if (typeof found === 'bigint') return String(found);
	return undefined;
}
