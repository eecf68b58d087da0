import Ajv, { type ErrorObject } from 'ajv';
import { parseCast, type CastSpec } from './cast-spec';
import { MappingError } from './mapping-error';
import { outputCheckOf, type OutputCheck } from './output-schema';

export type MappingValue =
	| string
	| { const: unknown }
	| { path: string }
	| { jsonPath: string }
	| { template: string; escape?: 'html' }
	| { expression: string }
	| { each: string; mapping: Mapping }
	| { object: Mapping };

export interface Mapping {
	[targetKey: string]: MappingValue;
}

export interface MappingExample {
	description?: string;
	input: unknown;
	output: unknown;
}

/** A versioned mapping document, as stored in `mappers/<system>/*.json` or pasted into the node. */
export interface MappingDocument {
	name: string;
	version: string;
	description?: string;
	source?: string;
	target?: string;
	mapping: Mapping;
	casts?: Record<string, string | string[]>;
	/** Target key -> value written when the mapped value is missing, null or empty (after casts). */
	defaults?: Record<string, string | number | boolean | null>;
	unset?: string[];
	passThrough?: boolean;
	/** Input paths whose value is always a list: one value there (a single XML element) becomes a list of one (`array-paths.ts`). */
	arrayPaths?: string[];
	conditions?: unknown;
	outputSchema?: Record<string, unknown>;
	examples?: MappingExample[];
}

/** What the isolate compiles: the document reduced to data it needs, casts parsed. */
export interface MappingPlan {
	mapping: Mapping;
	casts: { field: string; steps: CastSpec[] }[];
	unset: string[];
	/** Written after the casts where the mapped value is missing, null or empty. */
	defaults: { field: string; value: unknown }[];
	passThrough: boolean;
	conditions?: unknown;
	output?: OutputCheck;
}

const valueRef = { $ref: '#/$defs/value' };
export const mappingDocumentSchema = {
	$id: 'https://syncbridge.invalid/schemas/mapping-document.json',
	type: 'object',
	additionalProperties: false,
	required: ['name', 'version', 'mapping'],
	properties: {
		$schema: { type: 'string' },
		name: { type: 'string', minLength: 1 },
		version: {
			type: 'string',
			pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$',
		},
		description: { type: 'string' },
		source: { type: 'string' },
		target: { type: 'string' },
		mapping: { $ref: '#/$defs/mapping' },
		casts: {
			type: 'object',
			additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
		},
		defaults: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } },
		unset: { type: 'array', items: { type: 'string' } },
		passThrough: { type: 'boolean' },
		arrayPaths: { type: 'array', items: { type: 'string', minLength: 1 } },
		conditions: {},
		outputSchema: { type: 'object' },
		examples: {
			type: 'array',
			items: {
				type: 'object',
				required: ['input', 'output'],
				additionalProperties: false,
				properties: { description: { type: 'string' }, input: {}, output: {} },
			},
		},
	},
	$defs: {
		mapping: { type: 'object', additionalProperties: valueRef },
		value: {
			oneOf: [
				{ type: 'string' },
				{ type: 'object', required: ['const'], additionalProperties: false, properties: { const: {} } },
				{ type: 'object', required: ['path'], additionalProperties: false, properties: { path: { type: 'string' } } },
				{
					type: 'object',
					required: ['jsonPath'],
					additionalProperties: false,
					properties: { jsonPath: { type: 'string', pattern: '^\\$' } },
				},
				{
					type: 'object',
					required: ['template'],
					additionalProperties: false,
					properties: { template: { type: 'string' }, escape: { enum: ['html'] } },
				},
				{
					type: 'object',
					required: ['expression'],
					additionalProperties: false,
					properties: { expression: { type: 'string', minLength: 1 } },
				},
				{
					type: 'object',
					required: ['each', 'mapping'],
					additionalProperties: false,
					properties: { each: { type: 'string' }, mapping: { $ref: '#/$defs/mapping' } },
				},
				{
					type: 'object',
					required: ['object'],
					additionalProperties: false,
					properties: { object: { $ref: '#/$defs/mapping' } },
				},
			],
		},
	},
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateDocument = ajv.compile(mappingDocumentSchema);
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

function describe(errors: ErrorObject[] | null | undefined): string {
	return (errors ?? [])
		.filter((e) => (e.keyword !== 'oneOf' && e.keyword !== 'required') || !e.instancePath.includes('/mapping/'))
		.slice(0, 5)
		.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
		.join('; ');
}

function checkKeys(mapping: Mapping, prefix: string): void {
	for (const key of Object.keys(mapping)) {
		const field = prefix ? `${prefix}.${key}` : key;
		for (const part of key.split('.')) {
			if (part === '') throw new MappingError('INVALID_DOCUMENT', `Target key "${field}" has an empty segment`);
			if (forbiddenKeys.has(part))
				throw new MappingError('FORBIDDEN_KEY', `Target key "${field}" uses the forbidden segment "${part}"`);
		}
		const value = mapping[key];
		if (typeof value === 'object' && value !== null) {
			if ('each' in value) checkKeys(value.mapping, `${field}[]`);
			if ('object' in value) checkKeys(value.object, field);
		}
	}
}

function checkPath(path: string, where: string): void {
	for (const part of path.split('.')) {
		if (forbiddenKeys.has(part))
			throw new MappingError('FORBIDDEN_KEY', `${where} "${path}" uses the forbidden segment "${part}"`);
	}
}

/** Validates a parsed document against the document schema and the rules a schema cannot express. */
export function validateMappingDocument(document: unknown): MappingDocument {
	if (!validateDocument(document)) {
		throw new MappingError('INVALID_DOCUMENT', `Mapping document is invalid: ${describe(validateDocument.errors)}`);
	}
	const doc = document as unknown as MappingDocument;
	checkKeys(doc.mapping, '');
	for (const field of Object.keys(doc.casts ?? {})) checkPath(field, 'Cast field');
	for (const field of doc.unset ?? []) checkPath(field, 'Unset field');
	return doc;
}

/** Parses JSON text into a validated document. */
export function parseMappingDocument(text: string): MappingDocument {
	let parsed: unknown;
	let syntaxError: string | undefined;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		syntaxError = (error as Error).message;
	}
	if (syntaxError !== undefined)
		throw new MappingError('INVALID_JSON', `Mapping document is not valid JSON: ${syntaxError}`);
	return validateMappingDocument(parsed);
}

export function planOf(doc: MappingDocument): MappingPlan {
	const casts = Object.entries(doc.casts ?? {}).map(([field, spec]) => ({
		field,
		steps: (Array.isArray(spec) ? spec : [spec]).map((text) => parseCast(text, field)),
	}));
	const defaults = Object.entries(doc.defaults ?? {}).map(([field, value]) => ({ field, value }));
	const plan: MappingPlan = {
		mapping: doc.mapping,
		casts,
		unset: doc.unset ?? [],
		defaults,
		passThrough: doc.passThrough ?? false,
	};
	if (doc.conditions !== undefined) plan.conditions = doc.conditions;
	if (doc.outputSchema !== undefined) plan.output = outputCheckOf(doc.name, doc.outputSchema);
	return plan;
}
