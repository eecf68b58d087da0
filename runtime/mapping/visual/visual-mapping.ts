import type { Mapping, MappingDocument, MappingValue } from '../mapping-document';
import type { FieldSource, PathSegment } from './field-source';

/** A target field as the user mapped it in the editor. */
export interface VisualField {
	/** Target key; dots create nested objects (`address.city`). */
	id: string;
	source: FieldSource;
	/** Casts applied in order after the value is read (the mapping document's casts). */
	casts?: string[];
	/** Written when the mapped value is missing, null or an empty string. */
	default?: string | number | boolean | null;
	/** Set by the user, or matched to an input field of the same loose name (auto-map). */
	origin: 'user' | 'auto';
}

export interface VisualMapping {
	name: string;
	version: string;
	/** The target it was built for, e.g. `stripe/customers`. */
	target?: string;
	fields: VisualField[];
	/** Start from the input record instead of an empty one (the document's `passThrough`). */
	keepInputFields: boolean;
}

/** An n8n expression the sandbox cannot run: n8n evaluates it per item and the value joins the record here. */
export interface ComputedField {
	id: string;
	text: string;
	slot: string;
}

/** Where computed values ride along in a record sent to the sandbox; removed from the output. */
export const computedKey = '__syncbridge_computed__';

/**
 * The visual mapping as a mapping document the sandbox runs over the whole batch: drags become paths,
 * fixed values constants, casts stay casts. Other expressions become computed fields (see ComputedField).
 */
export function compileVisualMapping(visual: VisualMapping): { document: MappingDocument; computed: ComputedField[] } {
	const mapping: Mapping = {};
	const casts: Record<string, string[]> = {};
	const computed: ComputedField[] = [];
	for (const field of visual.fields) {
		const { source } = field;
		if (source.kind === 'empty') continue;
		if (source.kind === 'constant') mapping[field.id] = { const: source.value };
		else if (source.kind === 'path') mapping[field.id] = pathValue(source.segments);
		else {
			const slot = `f${computed.length}`;
			computed.push({ id: field.id, text: source.text, slot });
			mapping[field.id] = `${computedKey}.${slot}`;
		}
		if (field.casts && field.casts.length > 0) casts[field.id] = field.casts;
	}
	const document: MappingDocument = { name: visual.name, version: visual.version, mapping };
	if (visual.target) document.target = visual.target;
	if (Object.keys(casts).length > 0) document.casts = casts;
	const defaults = Object.fromEntries(
		visual.fields.filter((field) => field.default !== undefined).map((field) => [field.id, field.default ?? null]),
	);
	if (Object.keys(defaults).length > 0) document.defaults = defaults;
	if (visual.keepInputFields) {
		document.passThrough = true;
		if (computed.length > 0) document.unset = [computedKey];
	}
	return { document, computed };
}

/** The record the sandbox sees when some fields are computed by n8n. */
export function withComputedValues(record: unknown, values: Record<string, unknown>): Record<string, unknown> {
	const base =
		record !== null && typeof record === 'object' && !Array.isArray(record) ? (record as Record<string, unknown>) : {};
	return { ...base, [computedKey]: values };
}

/**
 * A dot path where the mapping reads one unambiguously, otherwise bracketed JSONPath; each key is
 * escaped with jsonpath-plus's backtick, so `@odata.etag`, `*` or `..` are read as plain keys.
 */
export function pathValue(segments: readonly PathSegment[]): MappingValue {
	const keys = segments.map((segment) => ('index' in segment ? String(segment.index) : segment.key));
	const dotted = keys.join('.');
	const plain =
		keys.every((key) => key !== '' && !key.includes('.')) &&
		!dotted.startsWith('$') &&
		!dotted.includes('{{') &&
		dotted !== '_root';
	if (plain) return dotted;
	return {
		jsonPath:
			'$' + segments.map((segment) => ('index' in segment ? `[${segment.index}]` : `['\`${segment.key}']`)).join(''),
	};
}
