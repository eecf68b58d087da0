import type { IExecuteFunctions, ResourceMapperField, ResourceMapperValue } from 'n8n-workflow';
import type { FieldSchema } from '../../../runtime/connectors/field-schema';
import {
	autoMatch,
	fieldSourceOf,
	inputFieldNames,
	type VisualField,
	type VisualMapping,
} from '../../../runtime/mapping/visual';
import { fieldSchemaOf, freeFieldsTarget } from './targets';

/** A visual mapping as the node runs it: the mapping, the target's schema, and where each field's n8n value lives. */
export interface VisualSetup {
	visual: VisualMapping;
	schema: FieldSchema[];
	/** Field id -> the node parameter holding its n8n expression, for fields the sandbox cannot read itself. */
	parameterOf: Map<string, string>;
	/** Target field -> input field, for fields filled by auto-map. */
	autoMapped: Map<string, string>;
}

export interface Assignment {
	id?: string;
	name: string;
	value: unknown;
	type?: string;
}

export interface FieldOption {
	field: string;
	cast?: string;
	castArgument?: string;
	defaultValue?: string;
}

/** The visual mode's parameters as n8n stores them (raw: expressions keep their leading `=`). */
export interface VisualParameters {
	target: string;
	fields?: Partial<ResourceMapperValue>;
	freeFields?: { assignments?: Assignment[] };
	fieldOptions?: { field?: FieldOption[] };
	options?: { autoMap?: boolean; keepInputFields?: boolean; documentName?: string; documentVersion?: string };
}

/**
 * Reads the visual mapping from the node's raw parameters (never evaluated by n8n here: a drag stays
 * `={{ $json.a }}`, which the sandbox reads as the path `a` for the whole batch).
 */
export function readVisualSetup(context: IExecuteFunctions, records: readonly unknown[]): VisualSetup {
	const raw = (name: string, fallback: unknown) =>
		context.getNodeParameter(name, 0, fallback, { rawExpressions: true });
	const parameters: VisualParameters = {
		target: context.getNodeParameter('target', 0) as string,
		fields: raw('fields', {}) as VisualParameters['fields'],
		freeFields: raw('freeFields', {}) as VisualParameters['freeFields'],
		fieldOptions: { field: context.getNodeParameter('fieldOptions.field', 0, []) as FieldOption[] },
		options: context.getNodeParameter('options', 0, {}) as VisualParameters['options'],
	};
	return visualSetupOf(parameters, context.getNode().name, records);
}

/** The visual mapping of a Mapper's parameters; with input records, empty target fields are auto-mapped (unless switched off). */
export function visualSetupOf(
	parameters: VisualParameters,
	nodeName: string,
	records: readonly unknown[],
): VisualSetup {
	const { target } = parameters;
	const options = parameters.options ?? {};
	const fields: VisualField[] = [];
	const parameterOf = new Map<string, string>();
	const autoMapped = new Map<string, string>();
	let schema: FieldSchema[];

	if (target === freeFieldsTarget) {
		const assignments = (parameters.freeFields?.assignments ?? []).filter((assignment) => assignment.name !== '');
		assignments.forEach((assignment, index) => {
			// The type picked beside a free field converts its value, as in n8n's Edit Fields node.
			const cast = assignmentCasts[assignment.type ?? 'string'];
			fields.push({
				id: assignment.name,
				source: fieldSourceOf(assignment.value),
				origin: 'user',
				...(cast ? { casts: [cast] } : {}),
			});
			parameterOf.set(assignment.name, `freeFields.assignments[${index}].value`);
		});
		schema = assignments.map((assignment) => ({
			id: assignment.name,
			displayName: assignment.name,
			type: schemaTypeOf(assignment.type),
		}));
	} else {
		const mapped = parameters.fields ?? {};
		const shown = (mapped.schema ?? []).filter(
			(field: ResourceMapperField) => field.display !== false && field.removed !== true,
		);
		for (const [id, value] of Object.entries(mapped.value ?? {})) {
			const source = fieldSourceOf(value);
			if (source.kind === 'empty') continue;
			fields.push({ id, source, origin: 'user' });
			parameterOf.set(id, `fields.value[${JSON.stringify(id)}]`);
		}
		schema = shown.map(fieldSchemaOf);
		// "Map Automatically" (n8n's resource mapper mode) maps every field by name, whatever the option says.
		if (options.autoMap !== false || mapped.mappingMode === 'autoMapInputData') {
			const set = new Set(fields.map((field) => field.id));
			const open = shown.filter((field) => !set.has(field.id) && field.readOnly !== true).map((field) => field.id);
			for (const [field, input] of autoMatch(open, inputFieldNames(records))) {
				fields.push({ id: field, source: { kind: 'path', segments: [{ key: input }] }, origin: 'auto' });
				autoMapped.set(field, input);
			}
		}
	}

	applyFieldOptions(fields, parameters.fieldOptions?.field ?? [], schema);
	const visual: VisualMapping = {
		name: options.documentName || nodeName,
		version: options.documentVersion || '1.0.0',
		fields,
		keepInputFields: options.keepInputFields === true,
	};
	if (target !== freeFieldsTarget) visual.target = target;
	return { visual, schema, parameterOf, autoMapped };
}

/** Casts and defaults from the "Casts and Defaults" list, in its order; a default for an unmapped field still applies. */
function applyFieldOptions(
	fields: VisualField[],
	entries: readonly FieldOption[],
	schema: readonly FieldSchema[],
): void {
	for (const entry of entries) {
		if (!entry.field) continue;
		let field = fields.find((candidate) => candidate.id === entry.field);
		if (!field) {
			field = { id: entry.field, source: { kind: 'empty' }, origin: 'user' };
			fields.push(field);
		}
		if (entry.cast) field.casts = [...(field.casts ?? []), castText(entry.cast, entry.castArgument ?? '')];
		if (entry.defaultValue !== undefined && entry.defaultValue !== '') {
			field.default = typedDefault(entry.defaultValue, schema.find((candidate) => candidate.id === entry.field)?.type);
		}
	}
}

function castText(cast: string, argument: string): string {
	if (cast === 'unsetIfValue' || cast === 'setNullIfValue') return `${cast}==${argument}`;
	return cast === 'date' && argument !== '' ? `date:${argument}` : cast;
}

/** A default typed in as text, as the target field's type (a number field gets a number). */
function typedDefault(text: string, type: FieldSchema['type'] | undefined): string | number | boolean {
	if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
	if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
	return text;
}

const assignmentCasts: Record<string, string | undefined> = {
	string: 'string',
	number: 'float',
	boolean: 'bool',
	array: 'array',
};

function schemaTypeOf(assignmentType: string | undefined): FieldSchema['type'] {
	switch (assignmentType) {
		case 'number':
		case 'boolean':
		case 'array':
		case 'object':
			return assignmentType;
		default:
			return 'string';
	}
}
