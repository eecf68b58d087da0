/**
 * The value at a dot path (`data.id`, `@attributes.identifier`, `items.0.id`); `_root` or an empty
 * path is the value itself. Plain property access only: no evaluation of any kind.
 */
export function valueAtPath(value: unknown, path: string): unknown {
	if (path === '' || path === '_root') return value;
	let current: unknown = value;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** An id found at a path as a string, or undefined when missing or not a scalar. */
export function idAtPath(value: unknown, path: string): string | undefined {
	const found = valueAtPath(value, path);
	if (typeof found === 'string' && found !== '') return found;
	if (typeof found === 'number' || typeof found === 'bigint') return String(found);
	return undefined;
}
