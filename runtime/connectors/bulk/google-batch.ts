import { randomUUID } from 'node:crypto';
import type { BulkAction, BulkWrite, BulkWriteResult, BulkWriter } from '../../contracts/bulk-write';
import { MissingIdError, recordOrUndefined } from '../../contracts/target-requests';
import type { ResilientClient } from '../../http/resilient-client';
import { classifyStatus } from '../../http/retry-policy';
import { readPath } from '../../dot-path';
import type { BulkWriteDescriptor } from '../connector-descriptor';
import { extractId } from '../id-position';
import { buildDescribedRequest, buildRequest } from '../request-builder';
import { callInSlices } from './calls-in-slices';
import { eventIdFrom } from './derived-ids';
import {
	encodeHttpParts,
	parseHttpParts,
	unansweredPart,
	type HttpPartRequest,
	type HttpPartResponse,
} from './http-multipart';
import type { BulkWriterContext } from '.';

type GoogleBatchSpec = Extract<BulkWriteDescriptor, { format: 'googleBatch' }>;

/** A call's answer in a batch, and the batch's own status (for a call left unanswered). */
interface BatchAnswer {
	answer: HttpPartResponse | undefined;
	batchStatus: number;
}

/** 403 reasons that only ask to slow down (https://developers.google.com/calendar/api/guides/errors). */
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/**
 * Google's batch endpoint (https://developers.google.com/calendar/api/guides/batch): the resource's
 * own create, update and delete requests as parts of one multipart/mixed call, each answered in its
 * own part, matched by `Content-ID` (`<item-N>` -> `<response-item-N>`). A create asks for an event
 * id derived from the object; a 409 for it means an earlier attempt (a run that crashed) made that
 * event, which is then brought up to date and restored with a PATCH in a second batch.
 */
export function googleBatchWriter(context: BulkWriterContext, spec: GoogleBatchSpec): BulkWriter | undefined {
	// Event ids are derived here; an upsert by a body field goes one request each.
	if (context.upsertBy !== undefined) return undefined;
	const { descriptor, credentials, pathParameters } = context;
	const resource = descriptor.resources[context.resource];
	if (resource === undefined) return undefined;
	const actions = (['create', 'update', 'delete'] as const).filter(
		(action) => resource.operations[action] !== undefined,
	);
	if (actions.length === 0) return undefined;
	const idPosition = resource.idPosition ?? 'id';

	const part = (action: BulkAction, input: { id?: string; body?: Record<string, unknown> }): HttpPartRequest => {
		const built = buildRequest(descriptor, context.resource, action, {
			...input,
			parameters: pathParameters,
			credentials,
		});
		// The call's own headers carry auth for every part; a part keeps only what its operation describes.
		const described = Object.keys(resource.operations[action]?.headers ?? {}).map((name) => name.toLowerCase());
		const url = new URL(built.url);
		return {
			method: built.method,
			target: `${url.pathname}${url.search}`,
			headers: Object.fromEntries(described.map((name) => [name, built.headers[name]])),
			body: input.body,
		};
	};

	/** The event a write addresses: for a create, the id derived from its object. */
	const eventIdOf = (write: BulkWrite): string => {
		if (write.action === 'create') return eventIdFrom(write.objectKey);
		if (write.id === undefined)
			throw new MissingIdError(`A bulk ${write.action} of ${resource.displayName} needs the event's id`);
		return write.id;
	};

	const requestOf = (write: BulkWrite): HttpPartRequest => {
		switch (write.action) {
			case 'create':
				return part('create', { body: { ...write.body, id: eventIdOf(write) } });
			case 'update':
				return part('update', { id: eventIdOf(write), body: write.body });
			case 'delete':
				return part('delete', { id: eventIdOf(write) });
		}
	};

	/** A create whose event exists: written now, and confirmed again should it have been cancelled since. */
	const restoreOf = (write: BulkWrite): HttpPartRequest =>
		part('update', { id: eventIdOf(write), body: { status: 'confirmed', ...write.body } });

	const resultOf = (write: BulkWrite, { answer, batchStatus }: BatchAnswer): BulkWriteResult => {
		const id = eventIdOf(write);
		if (answer === undefined) return unansweredPart(descriptor.displayName, write.action, batchStatus);
		const { status, body } = answer;
		// An event already deleted (410) or never there (404) is what a delete wants.
		if (write.action === 'delete' && (status === 404 || status === 410)) return { ok: true, id };
		if (classifyStatus(status) === 'success') {
			const record = recordOrUndefined(body);
			return {
				ok: true,
				id: extractId(record, idPosition) ?? id,
				...(record === undefined ? {} : { record }),
			};
		}
		const reason = readPath(body, 'error.errors.0.reason');
		const message = readPath(body, 'error.message');
		return {
			ok: false,
			status,
			...(typeof reason === 'string' ? { code: reason } : {}),
			message: typeof message === 'string' && message !== '' ? message : `HTTP ${status}`,
			transient:
				classifyStatus(status) === 'retryable' ||
				(status === 403 && typeof reason === 'string' && RATE_LIMIT_REASONS.has(reason)),
		};
	};

	const callBatch = async (client: ResilientClient, requests: HttpPartRequest[]): Promise<BatchAnswer[]> => {
		const batch = buildDescribedRequest(descriptor, { method: 'POST', path: spec.path }, { credentials });
		const boundary = `batch_${randomUUID()}`;
		const response = await client.request({
			method: 'POST',
			url: batch.url,
			headers: { ...batch.headers, 'content-type': `multipart/mixed; boundary=${boundary}` },
			body: encodeHttpParts(
				boundary,
				requests.map((request, index) => ({ ...request, partHeaders: { 'Content-ID': `<item-${index}>` } })),
			),
		});
		const answers = parseHttpParts(response.headers['content-type'], response.body);
		const byContentId = new Map(answers.map((answer) => [answer.partHeaders['content-id'], answer]));
		return requests.map((_, index) => ({
			answer: byContentId.get(`<response-item-${index}>`),
			batchStatus: response.status,
		}));
	};

	return {
		actions,
		systemName: context.descriptor.displayName,
		minWrites: 2,
		async send(client, writes, options) {
			const inBatches = (requests: HttpPartRequest[]) =>
				callInSlices(requests, spec.maxPerCall, options.concurrency, (slice) => callBatch(client, slice));
			const answered = await inBatches(writes.map(requestOf));
			const results = writes.map((write, index) => resultOf(write, answered[index]));
			// A create's id already taken: a run that crashed made the event (a deleted event keeps its id too).
			const taken = writes.flatMap((write, index) =>
				write.action === 'create' && answered[index].answer?.status === 409 ? [index] : [],
			);
			if (taken.length === 0) return results;
			const restored =
				resource.operations.update === undefined
					? undefined
					: await inBatches(taken.map((index) => restoreOf(writes[index])));
			taken.forEach((index, position) => {
				const result: BulkWriteResult =
					restored === undefined
						? { ok: true, id: eventIdOf(writes[index]) }
						: resultOf(writes[index], restored[position]);
				results[index] = result.ok ? { ...result, reconciled: true } : result;
			});
			return results;
		},
	};
}
