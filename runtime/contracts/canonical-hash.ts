import { hash } from 'node:crypto';

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
	return hash('sha256', canonicalize(value, volatileFields), 'hex');
}

function serialise(value: unknown, ignored: readonly string[]): string {
	// Below the ignored paths (and in most records, everywhere) there is nothing to drop: the plain walk allocates less.
	if (ignored.length === 0) return serialisePlain(value);
	if (Array.isArray(value)) return `[${value.map((item) => serialise(item, ignored)).join(',')}]`;
	if (value === null || typeof value !== 'object' || value instanceof Date) return serialisePlain(value);
	const record = value as Record<string, unknown>;
	const members: string[] = [];
	for (const key of sortedKeys(record)) {
		const member = record[key];
		if (member === undefined || typeof member === 'function') continue;
		if (ignored.includes(key)) continue;
		const prefix = `${key}.`;
		const below = ignored.filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
		members.push(memberPrefixes(key).first + serialise(member, below));
	}
	return `{${members.join(',')}}`;
}

function serialisePlain(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'string') return quotedString(value);
	// A finite number's JSON text is its string form.
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (value instanceof Date) return JSON.stringify(value.toISOString());
	if (Array.isArray(value)) {
		let text = '[';
		for (let index = 0; index < value.length; index++) text += (index === 0 ? '' : ',') + serialisePlain(value[index]);
		return `${text}]`;
	}
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const keys = sortedKeys(record);
		let text = '{';
		let first = true;
		for (const key of keys) {
			const member = record[key];
			if (member === undefined || typeof member === 'function') continue;
			const prefixes = memberPrefixes(key);
			text += (first ? prefixes.first : prefixes.next) + serialisePlain(member);
			first = false;
		}
		return `${text}}`;
	}
	if (typeof value === 'bigint') return JSON.stringify(value.toString());
	return JSON.stringify(value);
}

/** Characters that leave a string's JSON text to `JSON.stringify`: the quote, backslash and control characters it escapes, and every surrogate (it escapes the lone ones). */
const escapedInJson = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string's JSON text: quoted as it is when nothing in it is escaped, which spares most values a call into `JSON.stringify`. */
function quotedString(text: string): string {
	return escapedInJson.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Objects with more keys than this are sorted by `Array.prototype.sort`; fewer, in place, which allocates nothing. */
const insertionSortLimit = 16;

/**
 * The keys in code-unit order. Object.keys returns a fresh array, sorted in place; a record that already
 * lists its keys so (JSON from canonical sources) costs one comparison a key.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
	const keys = Object.keys(record);
	if (keys.length > insertionSortLimit) return isSorted(keys) ? keys : keys.sort();
	for (let index = 1; index < keys.length; index++) {
		const key = keys[index];
		let at = index - 1;
		if (keys[at] < key) continue;
		while (at >= 0 && keys[at] > key) {
			keys[at + 1] = keys[at];
			at--;
		}
		keys[at + 1] = key;
	}
	return keys;
}

function isSorted(keys: readonly string[]): boolean {
	for (let index = 1; index < keys.length; index++) if (keys[index - 1] > keys[index]) return false;
	return true;
}

/** A member's text before its value: `"key":` first in an object, `,"key":` after another. */
interface MemberPrefixes {
	first: string;
	next: string;
}

/** The records of one synchronization share their keys: each key's prefixes are made once, up to a bound. */
const prefixesByKey = new Map<string, MemberPrefixes>();
const prefixesByKeyLimit = 10_000;

function memberPrefixes(key: string): MemberPrefixes {
	let prefixes = prefixesByKey.get(key);
	if (prefixes === undefined) {
		const first = `${JSON.stringify(key)}:`;
		prefixes = { first, next: `,${first}` };
		if (prefixesByKey.size < prefixesByKeyLimit) prefixesByKey.set(key, prefixes);
	}
	return prefixes;
}
