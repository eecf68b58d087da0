import { createHash } from 'node:crypto';

/**
 * A deterministic serialisation: object keys sorted at every depth, `undefined` members dropped,
 * arrays kept in order, dates as ISO strings. Two records that differ only in key order serialise
 * identically.
 */
export function canonicalize(value: unknown, volatileFields: readonly string[] = []): string {
	return serialise(
		value,
		volatileFields.map((field) => field.trim()).filter((field) => field !== ''),
	);
}

/**
 * sha256 (hex) of the canonical form. `volatileFields` are dot paths from the record root
 * (`updatedAt`, `meta.etag`); a path walks through arrays, so `lines.modified` drops the field from
 * every line. A key that itself contains dots is named as it is (OData's `@odata.etag`,
 * `new_Contact@odata.bind`). Ignored fields never change the hash, so timestamps a target stamps on
 * every read do not make a record look changed.
 */
export function canonicalHash(value: unknown, volatileFields: readonly string[] = []): string {
	return createHash('sha256').update(canonicalize(value, volatileFields)).digest('hex');
}

function serialise(value: unknown, ignored: readonly string[]): string {
	if (value === null || value === undefined) return 'null';
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (Array.isArray(value)) return `[${value.map((item) => serialise(item, ignored)).join(',')}]`;
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const members: string[] = [];
		for (const key of Object.keys(record).sort()) {
			const member = record[key];
			if (member === undefined || typeof member === 'function') continue;
			if (ignored.includes(key)) continue;
			const prefix = `${key}.`;
			const below = ignored.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
			members.push(`${JSON.stringify(key)}:${serialise(member, below)}`);
		}
		return `{${members.join(',')}}`;
	}
	if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
	if (typeof value === 'bigint') return JSON.stringify(value.toString());
	return JSON.stringify(value);
}
