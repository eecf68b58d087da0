/**
 * Names that differ only in case, separators or accents are one name: `first_name`, `firstName`,
 * `First Name` and `FirstName` all read `firstname`.
 */
export function looseName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]/g, '')
		.toLowerCase();
}

/**
 * Pairs target fields with input fields of the same loose name. An exact name wins over a loose one;
 * among loose ones the first input field in order wins. Targets without a partner are left out.
 */
export function autoMatch(targets: readonly string[], inputKeys: readonly string[]): Map<string, string> {
	const byLooseName = new Map<string, string>();
	for (const key of inputKeys) {
		const loose = looseName(key);
		if (loose !== '' && !byLooseName.has(loose)) byLooseName.set(loose, key);
	}
	const exact = new Set(inputKeys);
	const matches = new Map<string, string>();
	for (const target of targets) {
		const partner = exact.has(target) ? target : byLooseName.get(looseName(target));
		if (partner !== undefined) matches.set(target, partner);
	}
	return matches;
}

/** Top-level field names of the records, in first-seen order. */
export function inputFieldNames(records: readonly unknown[]): string[] {
	const names = new Set<string>();
	for (const record of records) {
		if (record !== null && typeof record === 'object' && !Array.isArray(record))
			for (const key of Object.keys(record)) names.add(key);
	}
	return [...names];
}
