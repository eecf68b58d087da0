import type { INodeCredentialDescription, INodePropertyOptions, ResourceMapperField } from 'n8n-workflow';
import { builtInConnectors, type FieldSchema } from '../../../runtime/connectors';
import type { TargetChooser } from '../../shared/target-fields';

/** The target value for free fields: names the user types, no schema. */
export const freeFieldsTarget = 'free';

/** Every resource of every built-in system, as `system/resource` ("Stripe › Customer"), then free fields. */
export function mappingTargetOptions(): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	for (const descriptor of Object.values(builtInConnectors)) {
		for (const [key, resource] of Object.entries(descriptor.resources)) {
			const writable = (resource.fields ?? []).filter((field) => !field.readOnly).length;
			options.push({
				name: `${descriptor.displayName} › ${resource.displayName}`,
				value: `${descriptor.id}/${key}`,
				description: `${writable} fields${resource.fieldDiscovery ? '; with a credential, read live from the system (custom fields included)' : ''}`,
			});
		}
	}
	options.sort((a, b) => a.name.localeCompare(b.name));
	options.push({ name: 'Free Fields', value: freeFieldsTarget, description: 'Name each output field yourself' });
	return options;
}

/** The Target parameter as a connector resource, with the credential type that reads its fields live. */
export const mappingTarget: TargetChooser = (context) => {
	const target = context.getCurrentNodeParameter('target');
	if (typeof target !== 'string') return undefined;
	const [system, resource] = target.split('/');
	const descriptor = builtInConnectors[system];
	if (descriptor?.resources[resource] === undefined) return undefined;
	return {
		descriptor,
		resource,
		credentialType: descriptor.resources[resource].fieldDiscovery ? descriptor.credentialType : undefined,
	};
};

/**
 * Optional credentials, one per system that lists its fields itself, shown only for that system's
 * targets: with one chosen, the field list is read live and custom fields appear.
 */
export function liveFieldCredentials(): INodeCredentialDescription[] {
	return Object.values(builtInConnectors)
		.filter(
			(descriptor) =>
				descriptor.credentialType !== undefined &&
				Object.values(descriptor.resources).some((resource) => resource.fieldDiscovery),
		)
		.map((descriptor) => ({
			name: descriptor.credentialType as string,
			required: false,
			displayOptions: {
				show: {
					source: ['visual'],
					target: Object.entries(descriptor.resources)
						.filter(([, resource]) => resource.fieldDiscovery)
						.map(([key]) => `${descriptor.id}/${key}`),
				},
			},
		}));
}

/** Back from the schema n8n stores with the mapping, so a run needs no field lookup. */
export function fieldSchemaOf(field: ResourceMapperField): FieldSchema {
	const type =
		(['string', 'number', 'boolean', 'dateTime', 'object', 'array', 'options'] as const).find(
			(candidate) => candidate === field.type,
		) ?? 'string';
	// The resource mapper's name carries the description after a dash (see toResourceMapperFields).
	const displayName = field.displayName.split(' — ')[0];
	return {
		id: field.id,
		displayName,
		type,
		required: field.required,
		...(field.options ? { options: field.options as FieldSchema['options'] } : {}),
	};
}
