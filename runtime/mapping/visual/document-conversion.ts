import type { Mapping, MappingDocument, MappingExample, MappingValue } from '../mapping-document';
import { MappingError } from '../mapping-error';
import { dragExpressionOf, type PathSegment } from './field-source';
import { compileVisualMapping, computedKey, type VisualMapping } from './visual-mapping';

/**
 * A visual mapping written as a mapping document (the `mappers/` format), with the examples given
 * (input records and what the mapping made of them) so the document tests itself. Expressions that
 * read only `$json` become sandboxed expressions over `record`; anything else has no faithful document
 * form and is refused, naming the field.
 */
export function exportMappingDocument(visual: VisualMapping, examples: readonly MappingExample[]): MappingDocument {
	const { document, computed } = compileVisualMapping(visual);
	for (const field of computed) document.mapping[field.id] = sandboxExpressionOf(field.id, field.text);
	if (document.unset) document.unset = document.unset.filter((key) => key !== computedKey);
	if (document.unset?.length === 0) delete document.unset;
	if (examples.length > 0)
		document.examples = examples.map((example) => ({ input: example.input, output: example.output }));
	return document;
}

/**
 * `{{ $json.a + 1 }}` -> the sandboxed expression `record.a + 1`; text around plain drags,
 * `Hi {{ $json.first }}`, -> the template `Hi {{{first}}}` (inserted as it is, as n8n does). Other n8n
 * variables, or text around other expressions, cannot be carried over.
 */
function sandboxExpressionOf(field: string, text: string): MappingValue {
	const whole = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(text);
	if (!whole || whole[1].includes('{{')) return templateOf(field, text);
	const body = whole[1].trim();
	const otherVariable = /(^|[^\w$])\$(?!json\b)[A-Za-z_(]/.exec(body);
	if (otherVariable)
		throw notExportable(field, `"${text}" uses n8n variables other than $json, which only n8n can evaluate`);
	return { expression: body.replace(/\$json\b/g, 'record') };
}

function templateOf(field: string, text: string): MappingValue {
	let plain = true;
	const template = text.replace(/\{\{\s*([\s\S]*?)\s*\}\}/g, (_, expression: string) => {
		const path = /^\$json((?:\.[A-Za-z_][\w]*)+)$/.exec(expression);
		if (!path) plain = false;
		return path ? `{{{${path[1].slice(1)}}}}` : '';
	});
	if (!plain)
		throw notExportable(
			field,
			`"${text}" mixes text and expressions other than plain $json paths; write it as a template in Document mode`,
		);
	return { template };
}

/** A document field as the visual editor shows it: the raw parameter value n8n stores, and its casts. */
export interface OpenedField {
	id: string;
	raw: string | number | boolean | null;
	casts: string[];
	default?: string | number | boolean | null;
}

/**
 * Opens a mapping document in the visual editor: paths become drags, constants fixed values, plain
 * `{{path}}` templates n8n text expressions, nested objects dotted fields. Parts the editor cannot show
 * (each, expressions, conditions, schemas, unset) are refused with the list of them, so opening a document
 * never drops part of it.
 */
export function openMappingDocument(document: MappingDocument): OpenedField[] {
	const fields: OpenedField[] = [];
	const notVisual: string[] = [];
	collect(document.mapping, '', fields, notVisual);
	for (const key of ['conditions', 'outputSchema', 'unset'] as const)
		if (document[key] !== undefined) notVisual.push(key);
	if (notVisual.length > 0) {
		throw new MappingError(
			'NOT_VISUAL',
			`"${document.name}" cannot be opened in the visual editor without losing ${notVisual.join(', ')}; keep it in Document mode`,
		);
	}
	for (const field of fields) {
		const casts = document.casts?.[field.id];
		if (casts !== undefined) field.casts = Array.isArray(casts) ? casts : [casts];
		const fallback = document.defaults?.[field.id];
		if (fallback !== undefined) field.default = fallback as OpenedField['default'];
	}
	return fields;
}

function collect(mapping: Mapping, prefix: string, fields: OpenedField[], notVisual: string[]): void {
	for (const [key, value] of Object.entries(mapping)) {
		const id = prefix + key;
		const raw = rawOf(value);
		if (raw !== undefined) fields.push({ id, raw, casts: [] });
		else if (typeof value === 'object' && 'object' in value) collect(value.object, `${id}.`, fields, notVisual);
		else notVisual.push(id);
	}
}

function rawOf(value: MappingValue): OpenedField['raw'] | undefined {
	if (typeof value === 'string') {
		if (value.startsWith('$')) return jsonPathDrag(value);
		if (value.includes('{{')) return templateExpression(value);
		return dottedDrag(value);
	}
	if ('const' in value) {
		const constant = value.const;
		return constant === null || ['string', 'number', 'boolean'].includes(typeof constant)
			? (constant as OpenedField['raw'])
			: undefined;
	}
	if ('path' in value) return dottedDrag(value.path);
	if ('jsonPath' in value) return jsonPathDrag(value.jsonPath);
	if ('template' in value && value.escape === undefined) return templateExpression(value.template);
	return undefined;
}

function dottedDrag(path: string): string | undefined {
	if (path === '' || path === '_root') return undefined;
	return dragExpressionOf(path.split('.').map((key) => (/^\d+$/.test(key) ? { index: Number(key) } : { key })));
}

/** Only JSONPath that names one value (`$.a['b'][0]`, keys optionally backtick-escaped) is a drag; wildcards and filters are not. */
function jsonPathDrag(path: string): string | undefined {
	const segments: PathSegment[] = [];
	let rest = path.slice(1);
	while (rest.length > 0) {
		const match = /^\.([A-Za-z_$][\w$]*)/.exec(rest) ?? /^\['`?([^'\\]*)'\]/.exec(rest) ?? /^\[(\d+)\]/.exec(rest);
		if (!match) return undefined;
		segments.push(/^\[\d+\]$/.test(match[0]) ? { index: Number(match[1]) } : { key: match[1] });
		rest = rest.slice(match[0].length);
	}
	return segments.length > 0 ? dragExpressionOf(segments) : undefined;
}

/** `{{first}} {{last}}` -> `={{ $json.first }} {{ $json.last }}`; block helpers and other names stay in Document mode. */
function templateExpression(template: string): string | undefined {
	let plain = true;
	const text = template.replace(/\{\{\{?\s*([^{}]*?)\s*\}?\}\}/g, (_, name: string) => {
		if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(name)) plain = false;
		const drag = dottedDrag(name);
		return drag ? drag.slice(1) : '';
	});
	return plain ? `=${text}` : undefined;
}

/** Thrown when a visual mapping cannot be written as a mapping document without changing its meaning. */
function notExportable(field: string, why: string): MappingError {
	return new MappingError('NOT_EXPORTABLE', `Field "${field}" cannot be exported as a mapping document: ${why}`);
}
