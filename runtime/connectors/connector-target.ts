import type { TransportResponse } from '../http/transport';
import {
	MissingIdError,
	recordOrUndefined,
	UnsupportedWriteError,
	type TargetRequests,
} from '../contracts/target-requests';
import type { ConnectorDescriptor, OperationName } from './connector-descriptor';
import { readErrorMessage } from './error-message';
import { idFromEntityUrl } from './entity-url';
import { extractId } from './id-position';
import { readPath } from '../dot-path';
import { buildRequest, findOperation } from './request-builder';
import { bulkWriterFor } from './bulk';

export interface ConnectorTargetOptions {
	descriptor: ConnectorDescriptor;
	resource: string;
	/** Fields for `{{placeholders}}` in the base URL and headers (the credential's). */
	credentials?: Record<string, unknown>;
	/** Values for `{name}` placeholders in paths other than `{id}` (Google's `{calendarId}`). */
	pathParameters?: Record<string, unknown>;
	/**
	 * Write through the resource's `upsert` operation keyed by this body field (Salesforce's
	 * external id): the field's value fills `{id}` (and `{externalIdField}` defaults to the field's
	 * name), is left out of the body, and becomes the contract's target id.
	 */
	upsertBy?: string;
}

/** A synchronization's writes as requests of a connector's resource: its paths, encoding, id positions. */
export function connectorTargetRequests(options: ConnectorTargetOptions): TargetRequests {
	const { descriptor, resource, credentials, upsertBy } = options;
	const resourceDescriptor = descriptor.resources[resource];
	if (resourceDescriptor === undefined) {
		throw new Error(
			`Connector '${descriptor.id}' has no resource '${resource}' (it has: ${Object.keys(descriptor.resources).join(', ')})`,
		);
	}
	// Fail on configuration, not on the first item, when the resource cannot be written at all. Updates
	// and deletes are refused per item: some resources only take new records (assignments, exports).
	findOperation(descriptor, resource, upsertBy === undefined ? 'create' : 'upsert');
	const parameters = { ...(upsertBy === undefined ? {} : { externalIdField: upsertBy }), ...options.pathParameters };
	const build = (
		operation: OperationName,
		input: { id?: string; body?: Record<string, unknown>; idempotencyKey?: string },
	) => {
		if (resourceDescriptor.operations[operation] === undefined) {
			throw new UnsupportedWriteError(
				`${descriptor.displayName} cannot ${operation} a ${resourceDescriptor.displayName}: the connector's '${resource}' resource only has ${Object.keys(resourceDescriptor.operations).join(', ')}`,
			);
		}
		return buildRequest(descriptor, resource, operation, { ...input, parameters, credentials });
	};

	const upsertKey = (body: Record<string, unknown>): { id: string; body: Record<string, unknown> } => {
		const { [upsertBy as string]: value, ...rest } = body;
		if (typeof value !== 'string' && typeof value !== 'number')
			throw new MissingIdError(`The item has no "${upsertBy}" to upsert by`);
		return { id: String(value), body: rest };
	};
	const writes = (['create', 'update', 'upsert'] as const).flatMap((name) => {
		const spec = resourceDescriptor.operations[name];
		return spec === undefined
			? []
			: [
					{
						position: spec.resultsPosition ?? '_root',
						idPosition: spec.idPosition ?? resourceDescriptor.idPosition,
						batch: spec.batchKey !== undefined,
					},
				];
	});
	const answered = (response: TransportResponse): { record: Record<string, unknown>; id: string } | undefined => {
		for (const write of writes) {
			const found = readPath(response.body, write.position);
			const record = recordOrUndefined(write.batch && Array.isArray(found) ? found[0] : found);
			// An answer without the record's id is a status report (Salesforce's upsert result), not the record.
			const id = record === undefined ? undefined : extractId(record, write.idPosition);
			if (record !== undefined && id !== undefined) return { record, id };
		}
		return undefined;
	};
	const writtenRecord = (response: TransportResponse): Record<string, unknown> | undefined =>
		answered(response)?.record;

	return {
		create(body, idempotencyKey) {
			if (upsertBy === undefined) return build('create', { body, idempotencyKey });
			return build('upsert', { ...upsertKey(body), idempotencyKey });
		},
		update(id, body, idempotencyKey, etag) {
			const request =
				upsertBy === undefined
					? build('update', { id, body, idempotencyKey })
					: build('upsert', { id, body: upsertKey(body).body, idempotencyKey });
			return etag === undefined || resourceDescriptor.etag === undefined
				? request
				: { ...request, headers: { ...request.headers, 'if-match': etag } };
		},
		delete: (id, idempotencyKey) => build('delete', { id, idempotencyKey }),
		read: resourceDescriptor.operations.get === undefined ? undefined : (id) => build('get', { id }),
		readsDeleted: (body) => {
			const marker = resourceDescriptor.deletedWhen;
			return marker !== undefined && readPath(body, marker.position) === marker.equals;
		},
		etagOf: (response) => {
			if (resourceDescriptor.etag === undefined) return undefined;
			const value = readPath(response.body, resourceDescriptor.etag.position) ?? response.headers.etag;
			return typeof value === 'string' && value !== '' ? value : undefined;
		},
		createdId(body, response) {
			if (upsertBy !== undefined) return upsertKey(body).id;
			const id = answered(response)?.id;
			const idHeader = resourceDescriptor.operations.create?.idHeader;
			const fromHeader = idHeader === undefined ? undefined : idFromEntityUrl(response.headers[idHeader.toLowerCase()]);
			const found = id ?? fromHeader;
			if (found === undefined)
				throw new MissingIdError(
					`${descriptor.displayName} answered the create without the new ${resourceDescriptor.displayName}'s id`,
				);
			return found;
		},
		writtenRecord,
		idChosenByUs: upsertBy !== undefined,
		rejectionMessage: (status, body) => readErrorMessage(descriptor, status, body),
		bulk: bulkWriterFor({ descriptor, resource, credentials, pathParameters: options.pathParameters, upsertBy }),
	};
}
