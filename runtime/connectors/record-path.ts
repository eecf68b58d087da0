/**
 * Reads a dot path such as `data.items` or `@attributes.identifier` from parsed JSON or XML.
 * Keys may themselves contain dots (`@odata.nextLink`): at each level the longest run of
 * segments that names an existing key wins. Numeric segments index arrays.
 */
export function readPath(value: unknown, path: string): unknown {
	if (path === '' || path === '_root') return value;
	const segments = path.split('.');
	let current: unknown = value;
	let index = 0;
	while (index < segments.length) {
		if (current === null || typeof current !== 'object') return undefined;
		const container = current as Record<string, unknown>;
		let matched = 0;
		for (let end = segments.length; end > index; end--) {
			const key = segments.slice(index, end).join('.');
			if (Object.prototype.hasOwnProperty.call(container, key)) {
				current = container[key];
				matched = end - index;
				break;
			}
		}
		if (matched === 0) return undefined;
		index += matched;
	}
	return current;
}
