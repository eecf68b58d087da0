import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ConnectorDescriptor, OperationName, ResourceDescriptor } from '../../runtime/connectors';
import { targetFieldsProperty } from './target-fields';

/** A node-specific operation beside the descriptor's CRUD ones (exports, vouchers). */
export interface CustomOperationDescription {
	resource: string;
	value: string;
	name: string;
	action: string;
	description: string;
	/** Shown only for this resource and operation (displayOptions are added here). */
	properties: INodeProperties[];
}

export interface ConnectorPropertyOptions {
	/** Labels and defaults of `{name}` path placeholders other than `{id}` (calendarId, externalIdField). */
	placeholders?: Record<string, { displayName: string; default: string; description?: string }>;
	/** A dedicated list query parameter, such as Salesforce's SOQL `q`. */
	listQuery?: { name: string; displayName: string; default: string; description?: string };
	custom?: CustomOperationDescription[];
}

const OPERATION_LABELS: Record<OperationName, { name: string; verb: string; description: string }> = {
	list: { name: 'Get Many', verb: 'Get many', description: 'List records, following every page with Return All' },
	get: { name: 'Get', verb: 'Get', description: 'Read one record by ID' },
	create: { name: 'Create', verb: 'Create', description: 'Create a record' },
	update: { name: 'Update', verb: 'Update', description: 'Update a record by ID' },
	upsert: {
		name: 'Create or Update',
		verb: 'Create or update',
		description: 'Create the record or update it when the ID (external ID) exists',
	},
	delete: { name: 'Delete', verb: 'Delete', description: 'Delete a record by ID' },
};

/**
 * n8n's resource mapper over the resource's fields for one write: `add` mode for create and update
 * (the field list method makes no field required for an update), `upsert` mode when the key field is
 * picked from the fields ("Columns to match on").
 */
function mappedFieldsProperty(
	resource: string,
	operation: 'create' | 'update' | 'upsert',
	keyFromFields: boolean,
): INodeProperties {
	return targetFieldsProperty({
		displayName: operation === 'update' ? 'Fields to Update' : 'Fields',
		dependsOn: ['resource', 'operation'],
		displayOptions: { show: { resource: [resource], operation: [operation], bodySource: ['mapped'] } },
		resourceMapper: {
			mode: keyFromFields ? 'upsert' : 'add',
			addAllFields: true,
			multiKeyMatch: false,
			supportAutoMap: true,
			...(keyFromFields
				? {
						matchingFieldsLabels: {
							title: 'External ID Field',
							description: 'The external-id field the record is found by; it is created when no record has the value',
							hint: 'External-id fields are listed once a credential is chosen',
						},
					}
				: {}),
		},
	});
}

const OPERATION_ORDER: OperationName[] = ['list', 'get', 'create', 'update', 'upsert', 'delete'];

/** Operations of a resource, in a stable order, with their labels. */
export function operationsOf(descriptor: ConnectorDescriptor, resource: string): OperationName[] {
	return OPERATION_ORDER.filter((operation) => descriptor.resources[resource].operations[operation] !== undefined);
}

/**
 * Whether a resource's writes can take mapped fields: it declares writable fields and its writes send
 * the record itself (a GraphQL write sends variables, not the record).
 */
export function takesMappedFields(resource: ResourceDescriptor): boolean {
	const writes = (['create', 'update', 'upsert'] as const)
		.map((operation) => resource.operations[operation])
		.filter((operation) => operation !== undefined);
	return (
		writes.length > 0 &&
		writes.every((operation) => operation.bodyEncoding !== 'graphql') &&
		(resource.fields ?? []).some((field) => field.readOnly !== true)
	);
}

/** Whether the resource's upsert path names the key field (`{externalIdField}`), so the key can be picked from its fields. */
export function upsertKeyFromFields(resource: ResourceDescriptor): boolean {
	return pathPlaceholders(resource.operations.upsert?.path ?? '').includes('externalIdField');
}

/** `{name}` placeholders in a path, `{id}` and `{{credential}}` fields excluded. */
export function pathPlaceholders(path: string): string[] {
	return [...path.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map((match) => match[1]).filter((name) => name !== 'id');
}

/**
 * The node's parameters, derived from a connector descriptor: Resource, then one Operation list
 * per resource, then the parameters each operation needs (n8n's resource/operation pattern).
 */
export function connectorProperties(
	descriptor: ConnectorDescriptor,
	options: ConnectorPropertyOptions = {},
): INodeProperties[] {
	const resources = Object.keys(descriptor.resources);
	const custom = options.custom ?? [];
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			default: resources[0],
			options: resources.map((resource) => ({ name: descriptor.resources[resource].displayName, value: resource })),
		},
	];

	for (const resource of resources) {
		const label = descriptor.resources[resource].displayName.toLowerCase();
		const operationOptions: INodePropertyOptions[] = operationsOf(descriptor, resource).map((operation) => ({
			name: OPERATION_LABELS[operation].name,
			value: operation,
			action: `${OPERATION_LABELS[operation].verb} ${operation === 'list' ? `${label} records` : label}`,
			description: OPERATION_LABELS[operation].description,
		}));
		for (const extra of custom.filter((candidate) => candidate.resource === resource)) {
			operationOptions.push({
				name: extra.name,
				value: extra.value,
				action: extra.action,
				description: extra.description,
			});
		}
		operationOptions.sort((a, b) => a.name.localeCompare(b.name));
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			default:
				operationsOf(descriptor, resource)[0] ??
				custom.find((candidate) => candidate.resource === resource)?.value ??
				'',
			options: operationOptions,
		});
	}

	for (const resource of resources) {
		const operations = descriptor.resources[resource].operations;
		const show = (names: string[]) => ({ show: { resource: [resource], operation: names } });
		const byId = (['get', 'update', 'delete'] as const).filter((operation) => operations[operation] !== undefined);
		if (byId.length > 0) {
			properties.push({
				displayName: 'ID',
				name: 'id',
				type: 'string',
				required: true,
				default: '',
				description: 'The record ID in the system',
				displayOptions: show(byId),
			});
		}
		const mapped = takesMappedFields(descriptor.resources[resource]);
		// In Mapped Fields mode an upsert's key field and value are the mapped "Columns to match on".
		const keyFromFields = mapped && upsertKeyFromFields(descriptor.resources[resource]);
		const unlessKeyMapped = (names: string[], operationsUsed: string[]) =>
			keyFromFields && operationsUsed.every((operation) => operation === 'upsert')
				? { ...show(names), hide: { bodySource: ['mapped'] } }
				: show(names);
		if (operations.upsert !== undefined) {
			properties.push({
				displayName: 'External ID Value',
				name: 'id',
				type: 'string',
				required: true,
				default: '',
				description: 'The key the record is found by; the record is created when no record has it',
				displayOptions: unlessKeyMapped(['upsert'], ['upsert']),
			});
		}
		const placeholderUse = new Map<string, string[]>();
		for (const operation of operationsOf(descriptor, resource)) {
			for (const name of pathPlaceholders(operations[operation]?.path ?? ''))
				placeholderUse.set(name, [...(placeholderUse.get(name) ?? []), operation]);
		}
		for (const [name, used] of placeholderUse) {
			const known = options.placeholders?.[name];
			properties.push({
				displayName: known?.displayName ?? name,
				name,
				type: 'string',
				required: true,
				default: known?.default ?? '',
				description: known?.description ?? `Fills {${name}} in the request path`,
				displayOptions: name === 'externalIdField' ? unlessKeyMapped(used, used) : show(used),
			});
		}
		const writes = (['create', 'update', 'upsert'] as const).filter((operation) => operations[operation] !== undefined);
		if (writes.length > 0) {
			const itemOption = {
				name: 'Input Item',
				value: 'item',
				description: "The incoming item's JSON (for example the output of SyncBridge Mapper)",
			};
			const jsonOption = { name: 'JSON', value: 'json', description: 'A JSON object written here' };
			const send: INodeProperties = {
				displayName: 'Send',
				name: 'bodySource',
				type: 'options',
				default: 'item',
				options: [itemOption, jsonOption],
				displayOptions: show(writes),
			};
			if (mapped) {
				// Version 1 nodes keep Input Item as the default they were saved with; version 2 maps fields by default.
				properties.push(
					{ ...send, displayOptions: { show: { ...show(writes).show, '@version': [1] } } },
					{
						...send,
						default: 'mapped',
						options: [
							{
								name: 'Mapped Fields',
								value: 'mapped',
								description: 'The fields set below, from the input by drag and drop or typed',
							},
							itemOption,
							jsonOption,
						],
						displayOptions: { show: { ...show(writes).show, '@version': [{ _cnd: { gte: 2 } }] } },
					},
					...writes.map((operation) =>
						mappedFieldsProperty(resource, operation, operation === 'upsert' && keyFromFields),
					),
				);
			} else {
				properties.push(send);
			}
			properties.push({
				displayName: 'Body (JSON)',
				name: 'bodyJson',
				type: 'json',
				default: '{}',
				displayOptions: { show: { resource: [resource], operation: writes, bodySource: ['json'] } },
			});
		}
		if (operations.list !== undefined) {
			if (options.listQuery !== undefined) {
				properties.push({
					displayName: options.listQuery.displayName,
					name: 'listQuery',
					type: 'string',
					typeOptions: { rows: 3 },
					default: options.listQuery.default,
					description: options.listQuery.description,
					displayOptions: show(['list']),
				});
			}
			properties.push(
				{
					displayName: 'Return All',
					name: 'returnAll',
					type: 'boolean',
					default: false,
					description: 'Whether to return all results or only up to a given limit',
					displayOptions: show(['list']),
				},
				{
					displayName: 'Limit',
					name: 'limit',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 50,
					description: 'Max number of results to return',
					displayOptions: { show: { resource: [resource], operation: ['list'], returnAll: [false] } },
				},
			);
		}
		const reads = (['list', 'get'] as const).filter((operation) => operations[operation] !== undefined);
		if (reads.length > 0) {
			properties.push({
				displayName: 'Query Parameters (JSON)',
				name: 'queryJson',
				type: 'json',
				default: '{}',
				description: 'Extra query parameters, e.g. {"$select": "fullname,emailaddress1"}',
				displayOptions: show(reads),
			});
		}
	}

	for (const extra of custom) {
		for (const property of extra.properties) {
			properties.push({
				...property,
				displayOptions: {
					...property.displayOptions,
					show: { ...property.displayOptions?.show, resource: [extra.resource], operation: [extra.value] },
				},
			});
		}
	}

	properties.push({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Idempotency Key',
				name: 'idempotencyKey',
				type: 'string',
				default: '',
				description: 'Sent on writes where the system supports it (Stripe), so a retried write is not repeated',
			},
			{
				displayName: 'Include Response Metadata',
				name: 'includeMetadata',
				type: 'boolean',
				default: false,
				description:
					'Whether to add _syncbridge.rateLimit (limit, remaining, reset) and the HTTP status to each output item',
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description: 'Attempts per request for network errors, 408, 429 and 5xx',
			},
		],
	});
	return properties;
}
