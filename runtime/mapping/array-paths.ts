/**
 * The record with the value at each path as a list. XML cannot tell one child element from a list
 * of one: `<properties><property/></properties>` reads as an object where two `<property>` read as
 * an array. At these paths one value becomes a list of one, so a mapping that iterates the list
 * reads both the same. A path walks through lists (`elements.element.properties.property` reaches
 * into every element); a missing value stays missing. The record is not changed; a copy is returned.
 */
export function withArrayPaths(record: unknown, paths: readonly string[]): unknown {
	return paths.reduce(
		(current, path) =>
			asListAt(
				current,
				path.split('.').filter((segment) => segment !== ''),
			),
		record,
	);
}

function asListAt(value: unknown, segments: readonly string[]): unknown {
	if (segments.length === 0) return value === undefined || value === null || Array.isArray(value) ? value : [value];
	if (Array.isArray(value)) return value.map((element) => asListAt(element, segments));
	if (value === null || typeof value !== 'object') return value;
	const [key, ...rest] = segments;
	const container = value as Record<string, unknown>;
	if (!Object.prototype.hasOwnProperty.call(container, key)) return value;
	return { ...container, [key]: asListAt(container[key], rest) };
}
