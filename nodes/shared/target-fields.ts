import {
	NodeOperationError,
	type FieldType,
	type ILoadOptionsFunctions,
	type INodeProperties,
	type INodePropertyOptions,
	type ResourceMapperField,
	type ResourceMapperFields,
	type ResourceMapperTypeOptionsBase,
} from 'n8n-workflow';
import {
	builtInConnectors,
	loadTargetFields,
	TargetFieldsError,
	type ConnectorDescriptor,
	type FieldSchema,
} from '../../runtime/connectors';
import { connectorSender } from './connector-transport';

/** The name connector nodes register their field list method under (`methods.resourceMapping`). */
export const TARGET_FIELDS_METHOD = 'getTargetFields';

/** Which connector resource a node writes to, and the n8n credential type that reads its fields live. */
export interface TargetChoice {
	descriptor: ConnectorDescriptor;
	resource: string;
	credentialType?: string;
}

/** Reads the node's current parameters; undefined while no target is chosen yet. */
export type TargetChooser = (context: ILoadOptionsFunctions) => TargetChoice | undefined;

export interface FieldListOptions {
	/** An update sends only what is mapped: no field is required. */
	forUpdate?: boolean;
}

/**
 * Field schemas as n8n's resource mapper lists them. Read-only fields are left out (they are never
 * written); the description follows the name, since a resource mapper field has no description of
 * its own; match keys are the fields offered for "Columns to match on".
 */
export function toResourceMapperFields(
	fields: readonly FieldSchema[],
	options: FieldListOptions = {},
): ResourceMapperFields {
	const writable = fields.filter((field) => field.readOnly !== true);
	return {
		fields: writable.map((field): ResourceMapperField => ({
			id: field.id,
			displayName: field.description === undefined ? field.displayName : `${field.displayName} — ${field.description}`,
			required: options.forUpdate !== true && field.required === true,
			defaultMatch: false,
			canBeUsedToMatch: field.matchKey === true,
			display: true,
			type: field.type satisfies FieldType,
			...(field.options === undefined
				? {}
				: { options: field.options.map((option) => ({ name: option.name, value: option.value })) }),
		})),
		...(writable.length === 0 ? { emptyFieldsNotice: 'This resource has no fields to write' } : {}),
	};
}

/**
 * A `resourceMapping` method for any node: the chosen target's fields, read live from the system
 * when the node has a credential for it and the connector can list fields (Salesforce describe,
 * Dataverse attribute metadata), the connector's static schema otherwise. A failing live call is
 * shown in the editor with the system's message.
 */
export function targetFieldsMethod(
	choose: TargetChooser,
): (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields> {
	return async function (this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const choice = choose(this);
		if (choice === undefined) return { fields: [], emptyFieldsNotice: 'Choose a system and a resource first' };
		const fields = await loadNodeTargetFields(this, choice);
		return toResourceMapperFields(fields, { forUpdate: this.getCurrentNodeParameter('operation') === 'update' });
	};
}

/** The fields of a chosen target, live when the node has the target's credential. */
export async function loadNodeTargetFields(
	context: ILoadOptionsFunctions,
	choice: TargetChoice,
): Promise<FieldSchema[]> {
	const { descriptor, resource, credentialType } = choice;
	const hasCredential = credentialType !== undefined && context.getNode().credentials?.[credentialType]?.id != null;
	let failure: unknown;
	// A workflow opened before its credential exists (an imported example) lists the static fields.
	const credentials = hasCredential ? await readableCredentials(context, credentialType) : undefined;
	try {
		if (credentials === undefined) return await loadTargetFields(descriptor, resource);
		// The editor waits for this list: one retry, a short timeout.
		const sender = connectorSender(context, descriptor, credentialType, { maxAttempts: 2, timeoutMs: 15_000 });
		// n8n signs the request with the credential type; the descriptor's own auth is for scripts outside n8n.
		return await loadTargetFields({ ...descriptor, auth: { kind: 'none' } }, resource, {
			send: sender.send,
			credentials,
		});
	} catch (error) {
		failure = error;
	}
	const description =
		failure instanceof TargetFieldsError
			? `Code: ${failure.code}${failure.httpStatus === undefined ? '' : `, HTTP ${failure.httpStatus}`}`
			: undefined;
	throw new NodeOperationError(context.getNode(), failure as Error, {
		...(description === undefined ? {} : { description }),
	});
}

async function readableCredentials(
	context: ILoadOptionsFunctions,
	credentialType: string,
): Promise<Record<string, unknown> | undefined> {
	try {
		return (await context.getCredentials(credentialType)) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

/** The target of a connector node: its one connector, the Resource parameter. */
export function connectorNodeTarget(
	descriptor: ConnectorDescriptor,
	credentialType: string | undefined,
): TargetChooser {
	return (context) => {
		const resource = context.getCurrentNodeParameter('resource');
		return typeof resource === 'string' && descriptor.resources[resource] !== undefined
			? { descriptor, resource, credentialType }
			: undefined;
	};
}

/** A connector node's `methods.resourceMapping`: its resources' fields for the Mapped Fields parameters. */
export function connectorFieldMethods(
	descriptor: ConnectorDescriptor,
	credentialType: string | undefined,
): Record<string, (this: ILoadOptionsFunctions) => Promise<ResourceMapperFields>> {
	return { [TARGET_FIELDS_METHOD]: targetFieldsMethod(connectorNodeTarget(descriptor, credentialType)) };
}

/** The target of a node that picks a built-in system and one of its resources (parameter names given), with the system's credential type. */
export function builtInSystemTarget(parameters: { system: string; resource: string }): TargetChooser {
	return (context) => {
		const system = context.getCurrentNodeParameter(parameters.system);
		const resource = context.getCurrentNodeParameter(parameters.resource);
		const descriptor = typeof system === 'string' ? builtInConnectors[system] : undefined;
		if (descriptor === undefined || typeof resource !== 'string' || descriptor.resources[resource] === undefined)
			return undefined;
		return { descriptor, resource, credentialType: descriptor.credentialType };
	};
}

/**
 * The fields that can identify a record of the chosen target (external IDs, alternate keys), for an
 * "upsert by" choice: None first; a saved value the list lacks stays choosable, marked as such.
 */
export async function matchKeyOptions(
	context: ILoadOptionsFunctions,
	choose: TargetChooser,
): Promise<INodePropertyOptions[]> {
	const options: INodePropertyOptions[] = [{ name: 'None (Create, Then Update by ID)', value: '' }];
	const choice = choose(context);
	if (choice !== undefined) {
		const fields = await loadNodeTargetFields(context, choice);
		for (const field of fields.filter((candidate) => candidate.matchKey === true))
			options.push({ name: field.displayName, value: field.id, description: field.description });
	}
	const current = context.getCurrentNodeParameter('upsertBy');
	if (
		typeof current === 'string' &&
		current !== '' &&
		!current.startsWith('=') &&
		!options.some((option) => option.value === current)
	) {
		options.push({ name: `${current} (not listed without a credential)`, value: current });
	}
	return options;
}

/**
 * The "Fields" parameter of a node that writes a target's fields: n8n's resource mapper over this
 * module's field list method (`resourceMapper` settings beside `mode` as given), reloaded when
 * `dependsOn` changes.
 */
export function targetFieldsProperty(settings: {
	displayName?: string;
	dependsOn: string[];
	displayOptions: INodeProperties['displayOptions'];
	resourceMapper: Omit<ResourceMapperTypeOptionsBase, 'fieldWords'>;
}): INodeProperties {
	return {
		displayName: settings.displayName ?? 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: settings.dependsOn,
			resourceMapper: {
				resourceMapperMethod: TARGET_FIELDS_METHOD,
				fieldWords: { singular: 'field', plural: 'fields' },
				...settings.resourceMapper,
			},
		},
		displayOptions: settings.displayOptions,
	};
}
