import { SyncBridgeError } from '../errors';
import Ajv, { type ErrorObject } from 'ajv';
import type { ConnectorDescriptor } from './connector-descriptor';
import { connectorDescriptorSchema } from './descriptor-schema';

/** A descriptor that cannot be used, with one line per problem. */
export class ConnectorDescriptorError extends SyncBridgeError {
	readonly code = 'INVALID_DESCRIPTOR';
	constructor(readonly problems: string[]) {
		super(`Invalid connector descriptor:\n- ${problems.join('\n- ')}`);
		this.name = 'ConnectorDescriptorError';
	}
}

const ajv = new Ajv({ allErrors: true, discriminator: true, strict: false });
const validateSchema = ajv.compile(connectorDescriptorSchema);

const NEEDS_ID = ['get', 'update', 'delete', 'upsert'] as const;

/** The problems with a descriptor (empty when it is usable): schema first, then consistency. */
export function descriptorProblems(input: unknown): string[] {
	if (!validateSchema(input)) return (validateSchema.errors ?? []).map(describe);
	const descriptor = input as unknown as ConnectorDescriptor;
	const problems: string[] = [];
	const paginations: [string, ConnectorDescriptor['pagination']][] = [['pagination', descriptor.pagination]];
	for (const [name, resource] of Object.entries(descriptor.resources)) {
		const list = resource.operations.list;
		if (list?.pagination !== undefined)
			paginations.push([`resources.${name}.operations.list.pagination`, list.pagination]);
	}
	for (const [where, pagination] of paginations) {
		if (
			pagination.style === 'cursor' &&
			(pagination.cursorPosition === undefined) === (pagination.cursorFromRecord === undefined)
		) {
			problems.push(
				`${where}: cursor pagination needs exactly one of cursorPosition (in the response) or cursorFromRecord (in the last record)`,
			);
		}
		if (pagination.style === 'cursor' && (pagination.limitParam === undefined) !== (pagination.limit === undefined)) {
			problems.push(`${where}: limitParam and limit go together`);
		}
	}
	for (const [name, resource] of Object.entries(descriptor.resources)) {
		for (const operationName of NEEDS_ID) {
			const operation = resource.operations[operationName];
			if (operation !== undefined && !/(?<!\{)\{id\}/.test(operation.path)) {
				problems.push(
					`resources.${name}.operations.${operationName}.path: must contain {id} (got '${operation.path}')`,
				);
			}
		}
		for (const [operationName, operation] of Object.entries(resource.operations)) {
			if (operation.bodyEncoding === 'graphql' && operation.graphqlQuery === undefined) {
				problems.push(`resources.${name}.operations.${operationName}: graphql body encoding needs a graphqlQuery`);
			}
		}
		problems.push(...fieldProblems(`resources.${name}.fields`, resource.fields ?? []));
	}
	return problems;
}

function fieldProblems(where: string, fields: ConnectorDescriptor['resources'][string]['fields'] & object): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	for (const field of fields) {
		if (seen.has(field.id)) problems.push(`${where}: field '${field.id}' is declared twice`);
		seen.add(field.id);
		if (field.type === 'options' && (field.options ?? []).length === 0)
			problems.push(`${where}: options field '${field.id}' lists no options`);
		if (field.readOnly === true && field.required === true)
			problems.push(`${where}: field '${field.id}' cannot be both read-only and required`);
	}
	return problems;
}

/** The descriptor, typed, or a ConnectorDescriptorError listing every problem found. */
export function validateDescriptor(input: unknown): ConnectorDescriptor {
	const problems = descriptorProblems(input);
	if (problems.length > 0) throw new ConnectorDescriptorError(problems);
	return input as ConnectorDescriptor;
}

function describe(error: ErrorObject): string {
	const where = error.instancePath === '' ? 'descriptor' : error.instancePath.slice(1).replace(/\//g, '.');
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required':
			return `${where}: missing required property '${String(params.missingProperty)}'`;
		case 'additionalProperties':
			return `${where}: unknown property '${String(params.additionalProperty)}'`;
		case 'enum':
			return `${where}: must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
		case 'propertyNames':
			return `${where}: unknown operation '${String(params.propertyName)}' (use list, get, create, update, delete, upsert)`;
		case 'discriminator':
			return `${where}.${String(params.tag)}: ${
				params.tag === 'style'
					? 'must be one of "none", "page", "offset", "cursor", "nextLink"'
					: 'must be one of "none", "bearer", "apiKeyHeader", "basic", "oauth2"'
			}`;
		case 'pattern':
			return `${where}: ${where.endsWith('baseUrl') ? 'must start with http:// or https:// (or a {{credential}} placeholder)' : `does not match ${String(params.pattern)}`}`;
		default:
			return `${where}: ${error.message ?? 'is invalid'}`;
	}
}
