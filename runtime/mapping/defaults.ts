/**
 * A target key's path: dots nest (`address.city`), except inside an OData annotation, which is one key
 * (`new_Contact@odata.bind`): the key is split only before its `@`.
 */
export function targetKeyPath(key: string): string[] {
	const at = key.indexOf('@');
	const parts = (at === -1 ? key : key.slice(0, at)).split('.');
	if (at !== -1) parts[parts.length - 1] += key.slice(at);
	return parts;
}

/** A target field's value (own properties only). */
export function readTargetField(record: unknown, key: string): unknown {
	let current = record;
	for (const part of targetKeyPath(key)) {
		if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** Writes the document's defaults into the fields of a mapped record that came out missing, null or empty. */
export function fillDefaults(record: Record<string, unknown>, defaults: Readonly<Record<string, unknown>>): void {
	for (const [key, value] of Object.entries(defaults)) {
		const current = readTargetField(record, key);
		if (current === undefined || current === null || current === '') writeTargetField(record, key, value);
	}
}

function writeTargetField(record: Record<string, unknown>, key: string, value: unknown): void {
	const parts = targetKeyPath(key);
	let current = record;
	for (const part of parts.slice(0, -1)) {
		const next = current[part];
		if (next === null || typeof next !== 'object' || Array.isArray(next)) current[part] = {};
		current = current[part] as Record<string, unknown>;
	}
	current[parts[parts.length - 1]] = value;
}
