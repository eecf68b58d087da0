import { targetKeyPath } from '../mapping/target-key';

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * A record from mapped field values keyed by field id: dot paths become nested objects
 * (`address.city` -> `{address: {city}}`). An OData annotation (`new_Contact@odata.bind`) is one key:
 * the path is split only before its `@`. Values that are undefined or null are left out (a field
 * nobody filled in is not written).
 */
export function recordFromFieldValues(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
	const record: Record<string, unknown> = {};
	for (const [id, value] of Object.entries(values)) {
		if (value === undefined || value === null) continue;
		const parts = fieldPath(id);
		let target = record;
		for (const part of parts.slice(0, -1)) {
			const next = target[part];
			if (next !== undefined && !isPlainObject(next))
				throw new Error(`Field '${id}' is inside '${part}', which is mapped to a value that is not an object`);
			// A copy: an object value mapped whole (`metadata`) is the user's, not ours to change.
			target = target[part] = { ...(next as Record<string, unknown> | undefined) };
		}
		const last = parts[parts.length - 1];
		const existing = target[last];
		if (existing === undefined) target[last] = value;
		else if (isPlainObject(existing) && isPlainObject(value)) target[last] = { ...value, ...existing };
		else throw new Error(`Field '${id}' is mapped twice: as a value and as an object with fields`);
	}
	return record;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The field's target key path (split before an OData annotation's `@`, as the mapping splits target keys). */
function fieldPath(id: string): string[] {
	const parts = targetKeyPath(id);
	if (parts.some((part) => part === '' || FORBIDDEN.has(part))) throw new Error(`Not a field path: '${id}'`);
	return parts;
}
