import { randomUUID } from 'node:crypto';
import type { BulkWrite, BulkWriteResult, BulkWriter } from '../../contracts/bulk-write';
import { MissingIdError, recordOrUndefined } from '../../contracts/target-requests';
import type { ResilientClient } from '../../http/resilient-client';
import { classifyStatus } from '../../http/retry-policy';
import { readPath } from '../../dot-path';
import type { BulkWriteDescriptor } from '../connector-descriptor';
import { idFromEntityUrl } from '../entity-url';
import { buildDescribedRequest } from '../request-builder';
import { callInSlices } from './calls-in-slices';
import { recordGuidFrom } from './derived-ids';
import {
	encodeHttpParts,
	parseHttpParts,
	unansweredPart,
	type HttpPartRequest,
	type HttpPartResponse,
} from './http-multipart';
import type { BulkWriterContext } from '.';

type OdataBatchSpec = Extract<BulkWriteDescriptor, { format: 'odataBatch' }>;

/**
 * Dataverse's `$batch`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api):
 * every write its own request outside any change set (a change set fails as a whole), with
 * `Prefer: odata.continue-on-error` so each gets its own answer, in order. A create is an upsert
 * (`PATCH <set>(<GUID>)` without `If-Match`) of a GUID derived from the object: resent after a crash
 * it updates the record the first attempt made. Updates carry `If-Match: *` (never create), a delete
 * of a record already gone is done.
 */
export function odataBatchWriter(context: BulkWriterContext, spec: OdataBatchSpec): BulkWriter | undefined {
	// Records are addressed by GUID here; an upsert by a body field (an alternate key) goes one request each.
	if (context.upsertBy !== undefined) return undefined;
	const { descriptor, credentials } = context;
	const idColumn = descriptor.resources[context.resource]?.idPosition;
	const transientCodes = new Set(spec.transientCodes ?? []);

	/** The record a write addresses: for a create, the GUID derived from its object. */
	const recordIdOf = (write: BulkWrite): string => {
		if (write.action === 'create') return recordGuidFrom(write.objectKey);
		if (write.id === undefined)
			throw new MissingIdError(`A bulk ${write.action} of ${spec.entitySet} needs the record's id`);
		return write.id;
	};

	const requestOf = (write: BulkWrite, servicePath: string): HttpPartRequest => {
		const target = `${servicePath}/${spec.entitySet}(${encodeURIComponent(recordIdOf(write))})`;
		switch (write.action) {
			case 'create':
				// The representation tells a record made now (201) from one an earlier attempt made (200).
				return {
					method: 'PATCH',
					target: idColumn === undefined ? target : `${target}?$select=${idColumn}`,
					headers: { Prefer: 'return=representation' },
					body: write.body,
				};
			case 'update':
				return { method: 'PATCH', target, headers: { 'If-Match': '*' }, body: write.body };
			case 'delete':
				return { method: 'DELETE', target };
		}
	};

	const resultOf = (write: BulkWrite, answer: HttpPartResponse | undefined, batchStatus: number): BulkWriteResult => {
		if (answer === undefined) return unansweredPart(descriptor.displayName, write.action, batchStatus);
		const { status, body } = answer;
		if (write.action === 'delete' && status === 404) return { ok: true, id: recordIdOf(write) };
		if (classifyStatus(status) === 'success') {
			const record = write.action === 'create' ? recordOrUndefined(body) : undefined;
			return {
				ok: true,
				id: idFromEntityUrl(answer.headers['odata-entityid']) ?? recordIdOf(write),
				...(record === undefined ? {} : { record }),
				...(write.action === 'create' && status === 200 ? { reconciled: true } : {}),
			};
		}
		const code = readPath(body, 'error.code');
		const message = readPath(body, 'error.message');
		return {
			ok: false,
			status,
			...(typeof code === 'string' ? { code } : {}),
			message: typeof message === 'string' && message !== '' ? message : `HTTP ${status}`,
			transient: classifyStatus(status) === 'retryable' || (typeof code === 'string' && transientCodes.has(code)),
		};
	};

	const sendBatch = async (client: ResilientClient, slice: BulkWrite[]): Promise<BulkWriteResult[]> => {
		const batch = buildDescribedRequest(descriptor, { method: 'POST', path: '/$batch' }, { credentials });
		const servicePath = new URL(batch.url).pathname.replace(/\/\$batch$/, '');
		const boundary = `batch_${randomUUID()}`;
		const response = await client.request({
			method: 'POST',
			url: batch.url,
			headers: {
				...batch.headers,
				'content-type': `multipart/mixed; boundary=${boundary}`,
				prefer: 'odata.continue-on-error',
			},
			body: encodeHttpParts(
				boundary,
				slice.map((write) => requestOf(write, servicePath)),
			),
		});
		const answers = parseHttpParts(response.headers['content-type'], response.body);
		return slice.map((write, index) => resultOf(write, answers[index], response.status));
	};

	return {
		actions: ['create', 'update', 'delete'],
		systemName: context.descriptor.displayName,
		minWrites: 2,
		chunkSize: spec.maxPerCall,
		send: (client, writes, options) =>
			callInSlices(writes, spec.maxPerCall, options.concurrency, (slice) => sendBatch(client, slice)),
	};
}
