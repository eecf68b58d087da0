/** Incoming request headers as Node's http module gives them (lower-case names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The value of a header, matched case-insensitively; repeated headers are joined with ", " as HTTP allows. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		return Array.isArray(value) ? value.join(', ') : value;
	}
	return undefined;
}
