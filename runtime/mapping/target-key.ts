/**
 * A target key's path: dots nest (`address.city`), except inside an OData annotation, which is one key
 * (`new_Contact@odata.bind`): the key is split only before its `@`. The sandbox splits target keys the
 * same way (targetParts in isolate-runtime.ts).
 */
export function targetKeyPath(key: string): string[] {
	const at = key.indexOf('@');
	const parts = (at === -1 ? key : key.slice(0, at)).split('.');
	if (at !== -1) parts[parts.length - 1] += key.slice(at);
	return parts;
}

/** A target field's value in a mapped record (own properties only). */
export function readTargetField(record: unknown, key: string): unknown {
	let current = record;
	for (const part of targetKeyPath(key)) {
		if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part))
			return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}
