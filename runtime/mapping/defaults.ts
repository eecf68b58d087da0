/** A target field's value, following the dot notation the mapping uses for target keys (own properties only). */
export function readTargetField(record: unknown, key: string): unknown {
	let current = record;
	for (const part of key.split('.')) {
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
	const parts = key.split('.');
	let current = record;
	for (const part of parts.slice(0, -1)) {
		const next = current[part];
		if (next === null || typeof next !== 'object' || Array.isArray(next)) current[part] = {};
		current = current[part] as Record<string, unknown>;
	}
	current[parts[parts.length - 1]] = value;
}
