import type { BuiltRequest } from './built-request';
import type { ConnectorDescriptor } from './connector-descriptor';
import { readErrorMessage } from './error-message';
import { fieldFormats } from './field-formats';
import type { FieldSchema } from './field-schema';
import type { ListResponse } from './fetch-all';
import { buildFieldDiscoveryRequest } from './request-builder';
import { PermanentHttpError, RetryExhaustedError } from '../http/errors';

/** How the fields are read live: a way to send (authenticated by the caller) and the credential's fields for `{{placeholders}}`. */
export interface LiveFieldSource {
	send(request: BuiltRequest): Promise<ListResponse>;
	credentials?: Record<string, unknown>;
}

export type TargetFieldsErrorCode = 'UNKNOWN_RESOURCE' | 'FIELD_DISCOVERY_FAILED';

/** The fields could not be listed; the message carries the system's own words where it gave any. */
export class TargetFieldsError extends Error {
	constructor(
		readonly code: TargetFieldsErrorCode,
		message: string,
		readonly httpStatus?: number,
	) {
		super(message);
		this.name = 'TargetFieldsError';
	}
}

/**
 * The fields of a connector's resource: its static schema, or, when a live source is given and the
 * system lists fields itself (`fieldDiscovery`), the system's own list (custom fields included)
 * with the static descriptions and choices kept for the fields both know.
 */
export async function loadTargetFields(
	descriptor: ConnectorDescriptor,
	resource: string,
	live?: LiveFieldSource,
): Promise<FieldSchema[]> {
	const resourceDescriptor = descriptor.resources[resource];
	if (resourceDescriptor === undefined) {
		throw new TargetFieldsError(
			'UNKNOWN_RESOURCE',
			`${descriptor.displayName} has no resource '${resource}' (it has: ${Object.keys(descriptor.resources).join(', ')})`,
		);
	}
	const staticFields = [...(resourceDescriptor.fields ?? [])];
	const discovery = resourceDescriptor.fieldDiscovery;
	if (live === undefined || discovery === undefined) return staticFields;

	const ask = async (part: 'fields' | 'keys'): Promise<unknown> => {
		const request = buildFieldDiscoveryRequest(descriptor, resource, part, { credentials: live.credentials ?? {} });
		const response = await live.send(request).catch((error: unknown) => {
			throw discoveryFailure(descriptor, resourceDescriptor.displayName, error);
		});
		const status = response.status ?? 200;
		if (status >= 400)
			throw new TargetFieldsError(
				'FIELD_DISCOVERY_FAILED',
				failedMessage(descriptor, resourceDescriptor.displayName, readErrorMessage(descriptor, status, response.body)),
				status,
			);
		return response.body;
	};
	const [fieldsAnswer, keysAnswer] = await Promise.all([
		ask('fields'),
		discovery.keys === undefined ? undefined : ask('keys'),
	]);
	let liveFields: FieldSchema[] = [];
	let unreadable: string | undefined;
	try {
		liveFields = fieldFormats[discovery.format](fieldsAnswer, keysAnswer);
	} catch (error) {
		unreadable = (error as Error).message;
	}
	if (unreadable !== undefined)
		throw new TargetFieldsError(
			'FIELD_DISCOVERY_FAILED',
			failedMessage(descriptor, resourceDescriptor.displayName, unreadable),
		);
	return mergeFields(staticFields, liveFields);
}

/** The live fields in the system's order; for a field the static schema knows too, its description and choices are kept. */
export function mergeFields(staticFields: readonly FieldSchema[], liveFields: readonly FieldSchema[]): FieldSchema[] {
	const known = new Map(staticFields.map((field) => [field.id, field]));
	return liveFields.map((field) => {
		const documented = known.get(field.id);
		if (documented === undefined) return field;
		const options = field.options ?? documented.options;
		return {
			...field,
			type: field.options === undefined && documented.type === 'options' ? 'options' : field.type,
			...(documented.description === undefined ? {} : { description: documented.description }),
			...(options === undefined ? {} : { options }),
		};
	});
}

function failedMessage(descriptor: ConnectorDescriptor, resourceName: string, reason: string): string {
	return `Could not load the ${resourceName} fields from ${descriptor.displayName}: ${reason}`;
}

function discoveryFailure(descriptor: ConnectorDescriptor, resourceName: string, error: unknown): TargetFieldsError {
	if (error instanceof PermanentHttpError) {
		return new TargetFieldsError(
			'FIELD_DISCOVERY_FAILED',
			failedMessage(descriptor, resourceName, readErrorMessage(descriptor, error.status, error.body)),
			error.status,
		);
	}
	if (error instanceof RetryExhaustedError) {
		return new TargetFieldsError(
			'FIELD_DISCOVERY_FAILED',
			failedMessage(descriptor, resourceName, `${descriptor.displayName} is unavailable (${error.message})`),
			error.lastStatus,
		);
	}
	return new TargetFieldsError(
		'FIELD_DISCOVERY_FAILED',
		failedMessage(descriptor, resourceName, error instanceof Error ? error.message : String(error)),
	);
}
