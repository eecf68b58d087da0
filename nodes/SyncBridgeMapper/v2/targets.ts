import type { FieldType, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';
import { builtInConnectors } from '../../../runtime/connectors';
import type { FieldSchema } from '../../../runtime/connectors/field-schema';

/** The target value for free fields: names the user types, no schema. */
export const freeFieldsTarget = 'free';

/** Every resource of every built-in system, as `system/resource` ("Stripe › Customer"), then free fields. */
export function mappingTargetOptions(): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	for (const descriptor of Object.values(builtInConnectors)) {
		for (const [key, resource] of Object.entries(descriptor.resources)) {
			const fields = resource.fields ?? [];
			options.push({
				name: `${descriptor.displayName} › ${resource.displayName}`,
				value: `${descriptor.id}/${key}`,
				description: fields.length > 0 ? `${fields.filter((field) => !field.readOnly).length} fields` : 'Fields are typed in',
			});
		}
	}
	options.sort((a, b) => a.name.localeCompare(b.name));
	options.push({ name: 'Free Fields', value: freeFieldsTarget, description: 'Name each output field yourself' });
	return options;
}

/** The writable fields of a `system/resource` target, from its connector description. */
export function targetFields(target: string): FieldSchema[] {
	const [system, resource] = target.split('/');
	const fields = builtInConnectors[system]?.resources[resource]?.fields;
	if (fields === undefined) return [];
	return fields.filter((field) => !field.readOnly);
}

const n8nType: Record<FieldSchema['type'], FieldType> = {
	string: 'string',
	number: 'number',
	boolean: 'boolean',
	dateTime: 'dateTime',
	object: 'object',
	array: 'array',
	options: 'options',
};

/** A field as n8n's resource mapper shows it. */
export function resourceMapperField(field: FieldSchema): ResourceMapperField {
	return {
		id: field.id,
		displayName: field.displayName,
		required: field.required === true,
		defaultMatch: false,
		canBeUsedToMatch: field.matchKey === true,
		display: true,
		type: n8nType[field.type],
		...(field.options ? { options: field.options } : {}),
	};
}

/** Back from the schema n8n stores with the mapping, so a run needs no field lookup. */
export function fieldSchemaOf(field: ResourceMapperField): FieldSchema {
	const type = (Object.keys(n8nType) as FieldSchema['type'][]).find((key) => n8nType[key] === field.type) ?? 'string';
	return { id: field.id, displayName: field.displayName, type, required: field.required, ...(field.options ? { options: field.options as FieldSchema['options'] } : {}) };
}
