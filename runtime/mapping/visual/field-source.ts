/**
 * Where a visually mapped field takes its value from, read from the raw parameter value n8n stores for
 * it: a fixed value, a plain drag from the input panel (`{{ $json.a.b }}`), or any other n8n
 * expression. Plain drags run as sandboxed paths over the whole batch; other expressions stay n8n's.
 */
export type FieldSource =
	| { kind: 'empty' }
	| { kind: 'constant'; value: string | number | boolean | null }
	| { kind: 'path'; segments: PathSegment[] }
	| { kind: 'expression'; text: string };

/** One step of a path: an object key, or an array position (`[0]`). */
export type PathSegment = { key: string } | { index: number };

/** Reads a raw (unevaluated) parameter value as n8n stores it: expressions start with `=`. */
export function fieldSourceOf(raw: unknown): FieldSource {
	if (raw === undefined || raw === null || raw === '') return { kind: 'empty' };
	if (typeof raw === 'number' || typeof raw === 'boolean') return { kind: 'constant', value: raw };
	if (typeof raw !== 'string') return { kind: 'constant', value: JSON.stringify(raw) };
	if (!raw.startsWith('=')) return { kind: 'constant', value: raw };
	const text = raw.slice(1);
	if (text.trim() === '') return { kind: 'empty' };
	const whole = /^\s*\{\{\s*([\s\S]*?)\s*\}\}\s*$/.exec(text);
	const segments = whole && !whole[1].includes('}}') ? jsonPathSegments(whole[1]) : undefined;
	// Keys with these characters have no JSONPath spelling that jsonpath-plus reads back as one key.
	const readable = segments?.every((segment) => !('key' in segment) || !/['\\[\],^]/.test(segment.key));
	return segments && readable ? { kind: 'path', segments } : { kind: 'expression', text };
}

/** The expression n8n's input panel produces for a path, e.g. `={{ $json.address.city }}`. */
export function dragExpressionOf(segments: readonly PathSegment[]): string {
	const accessors = segments.map((segment) => {
		if ('index' in segment) return `[${segment.index}]`;
		return /^[A-Za-z_$][\w$]*$/.test(segment.key) ? `.${segment.key}` : `[${JSON.stringify(segment.key)}]`;
	});
	return `={{ $json${accessors.join('')} }}`;
}

const identifier = /^\.([A-Za-z_$][\w$]*)/;
const quoted = /^\[\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\]/;
const position = /^\[\s*(\d+)\s*\]/;

/** `$json.a["b c"][0]` -> segments; anything else (calls, operators, other nodes) -> undefined. */
function jsonPathSegments(expression: string): PathSegment[] | undefined {
	if (!expression.startsWith('$json')) return undefined;
	let rest = expression.slice('$json'.length);
	const segments: PathSegment[] = [];
	while (rest.length > 0) {
		let match: RegExpExecArray | null;
		if ((match = identifier.exec(rest))) segments.push({ key: match[1] });
		else if ((match = quoted.exec(rest))) segments.push({ key: unescapeQuoted(match[1] ?? match[2]) });
		else if ((match = position.exec(rest))) segments.push({ index: Number(match[1]) });
		else return undefined;
		rest = rest.slice(match[0].length);
	}
	return segments.length > 0 ? segments : undefined;
}

function unescapeQuoted(text: string): string {
	return text.replace(/\\(.)/g, '$1');
}
