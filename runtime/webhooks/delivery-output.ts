import { DEFAULT_STATIC_KEY_HEADER } from './static-header-key';
import type { RequestHeaders } from './request-headers';

// Headers that carry credentials or signatures: never copied into workflow data.
const WITHHELD_HEADERS = new Set([
	'authorization',
	'proxy-authorization',
	'cookie',
	'stripe-signature',
	'webhook-signature',
	'x-hub-signature',
	'x-hub-signature-256',
]);

/**
 * The request headers handed to the workflow: everything except credential-bearing headers
 * (including the static key header), names lower-cased, repeated values joined.
 */
export function outputHeaders(headers: RequestHeaders, staticKeyHeader?: string): Record<string, string> {
	const withheld = new Set(WITHHELD_HEADERS);
	withheld.add((staticKeyHeader?.trim() || DEFAULT_STATIC_KEY_HEADER).toLowerCase());
	const output: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		const key = name.toLowerCase();
		if (value === undefined || withheld.has(key)) continue;
		output[key] = Array.isArray(value) ? value.join(', ') : value;
	}
	return output;
}

/** The body handed to the workflow: a JSON object or array when the body is one, otherwise the raw text. */
export function outputBody(rawBody: Buffer): unknown {
	const text = rawBody.toString('utf8');
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed !== null && typeof parsed === 'object') return parsed;
	} catch {
		return text;
	}
	return text;
}
