import type { Json } from './workflow-document';

/** The value with every object's keys sorted recursively; arrays keep their order. */
export function sortKeys<T>(value: T): T {
	if (Array.isArray(value)) return value.map((item: unknown) => sortKeys(item)) as T;
	if (value !== null && typeof value === 'object') {
		const sorted: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort()) {
			const item = (value as Record<string, unknown>)[key];
			if (item !== undefined) sorted[key] = sortKeys(item);
		}
		return sorted as T;
	}
	return value;
}

/** The bytes of a workflow file: sorted keys, tab-free two-space indentation, trailing newline. */
export function canonicalJson(value: unknown): string {
	return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

export function isJsonObject(value: unknown): value is Record<string, Json> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
