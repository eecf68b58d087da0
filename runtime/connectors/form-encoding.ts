/**
 * application/x-www-form-urlencoded with bracket notation for nesting, as Stripe expects:
 * `{metadata: {app_id: 7}, tags: ['a']}` -> `metadata[app_id]=7&tags[0]=a`. `null` becomes an empty
 * value (Stripe's way of unsetting a field); `undefined` is left out.
 */
export function encodeForm(body: Record<string, unknown>): string {
	const pairs: string[] = [];
	for (const [key, value] of Object.entries(body)) appendField(pairs, key, value);
	return pairs.join('&');
}

function appendField(pairs: string[], key: string, value: unknown): void {
	if (value === undefined) return;
	if (value === null) {
		pairs.push(`${encode(key)}=`);
	} else if (Array.isArray(value)) {
		value.forEach((item, index) => appendField(pairs, `${key}[${index}]`, item));
	} else if (value instanceof Date) {
		pairs.push(`${encode(key)}=${Math.floor(value.getTime() / 1000)}`);
	} else if (typeof value === 'object') {
		for (const [child, childValue] of Object.entries(value as Record<string, unknown>)) {
			appendField(pairs, `${key}[${child}]`, childValue);
		}
	} else {
		pairs.push(`${encode(key)}=${encode(String(value))}`);
	}
}

function encode(text: string): string {
	return encodeURIComponent(text).replace(/%20/g, '+');
}
