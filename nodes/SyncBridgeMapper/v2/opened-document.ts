import { builtInConnectors } from '../../../runtime/connectors';
import { MappingError, parseCast, type MappingDocument } from '../../../runtime/mapping';
import { readTargetField } from '../../../runtime/mapping/target-key';
import { openMappingDocument, type OpenedField } from '../../../runtime/mapping/visual';
import { freeFieldsTarget } from './targets';
import type { Assignment, FieldOption, VisualParameters } from './visual-setup';

/**
 * A mapping document as the visual Mapper's parameters: on its target's field list when the document
 * names a built-in target (`stripe/customers`), else as free fields typed after its examples' outputs
 * where every example agrees ("object", which converts nothing, where they do not or there is none). Casts and defaults become "Casts and
 * Defaults" entries. What the editor cannot show is refused by openMappingDocument, naming it.
 */
export function visualParametersOf(document: MappingDocument): VisualParameters {
	const opened = openMappingDocument(document);
	const onTarget = isBuiltInTarget(document.target);
	const parameters: VisualParameters = {
		target: onTarget ? (document.target as string) : freeFieldsTarget,
		fieldOptions: { field: opened.flatMap(fieldOptionsOf) },
		options: {
			documentName: document.name,
			documentVersion: document.version,
			...(document.passThrough ? { keepInputFields: true } : {}),
		},
	};
	if (onTarget) {
		parameters.fields = {
			mappingMode: 'defineBelow',
			value: Object.fromEntries(opened.map((field) => [field.id, field.raw])),
			matchingColumns: [],
			schema: [],
		};
	} else {
		const outputs = (document.examples ?? []).map((example) => example.output);
		parameters.freeFields = {
			assignments: opened.map((field, index): Assignment => ({
				id: `field-${index}`,
				name: field.id,
				value: field.raw,
				type: assignmentType(outputs.map((output) => readTargetField(output, field.id))),
			})),
		};
	}
	return parameters;
}

function isBuiltInTarget(target: string | undefined): boolean {
	const [system, resource] = (target ?? '').split('/');
	return builtInConnectors[system]?.resources[resource] !== undefined;
}

function fieldOptionsOf(field: OpenedField): FieldOption[] {
	const entries: FieldOption[] = field.casts.map((text) => {
		const cast = parseCast(text, field.id);
		return { field: field.id, cast: cast.name, castArgument: cast.arg ?? '', defaultValue: '' };
	});
	if (field.default === null || field.default === '') {
		throw new MappingError(
			'NOT_VISUAL',
			`The default of "${field.id}" (${JSON.stringify(field.default)}) cannot be typed in the editor; keep this document in Document mode`,
		);
	}
	if (field.default !== undefined)
		entries.push({ field: field.id, cast: '', castArgument: '', defaultValue: String(field.default) });
	return entries;
}

/** The free-field type whose conversion leaves every example value as it is. */
function assignmentType(examples: unknown[]): string {
	const kinds = new Set(
		examples.map((value) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value)),
	);
	const [kind] = kinds;
	return kinds.size === 1 && ['string', 'number', 'boolean', 'array'].includes(kind) ? kind : 'object';
}
