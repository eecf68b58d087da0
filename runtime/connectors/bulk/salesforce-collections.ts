import type { BulkAction, BulkWrite, BulkWriter, BulkWriteResult } from '../../contracts/bulk-write';
import { forEachConcurrently } from '../../contracts/bounded-concurrency';
import { UnsupportedWriteError } from '../../contracts/target-requests';
import type { BulkWriteDescriptor, OperationDescriptor } from '../connector-descriptor';
import { buildDescribedRequest } from '../request-builder';
import type { BulkWriterContext } from '.';
import { upsertByIngestJob, type ExternalIdUpsert, type IngestJobTiming } from './salesforce-ingest-job';
import { rejectedRecord, saveResults, type SalesforceSaveResult } from './salesforce-save-results';

type SalesforceCollectionsSpec = Extract<BulkWriteDescriptor, { format: 'salesforceCollections' }>;

const UPSERT: OperationDescriptor = { method: 'PATCH', path: '/composite/sobjects/{sobject}/{externalIdField}' };
const UPDATE: OperationDescriptor = { method: 'PATCH', path: '/composite/sobjects' };
const DELETE: OperationDescriptor = { method: 'DELETE', path: '/composite/sobjects' };

/** One write of a call, with where its result goes. */
interface Placed<T> {
	index: number;
	record: T;
}

/** Upserts per chunk when jobs are on: a 10k load is one Bulk API 2.0 job of about half a dozen calls. */
const jobChunkSize = 10_000;

/**
 * Salesforce's bulk writes. Upserting by external id (`upsertBy`), creates and updates go as
 * upserts, so one resent after a crash finds the record the first attempt made:
 * sObject Collections (`PATCH /composite/sobjects/{sobject}/{externalIdField}`, up to `maxPerCall`
 * records a call) or, from `jobFrom` records, one Bulk API 2.0 ingest job. Without an external id a
 * create cannot be resent safely, so only updates and deletes go in bulk, by Salesforce Id. Every
 * call has `allOrNone: false`: each record succeeds or fails on its own.
 */
export function salesforceCollectionsWriter(
	context: BulkWriterContext,
	spec: SalesforceCollectionsSpec,
	timing: IngestJobTiming = {},
): BulkWriter {
	const { upsertBy } = context;
	const actions: readonly BulkAction[] = upsertBy === undefined ? ['update', 'delete'] : ['create', 'update'];
	const request = (operation: OperationDescriptor, input: { body?: Record<string, unknown>; ids?: string[] }) =>
		buildDescribedRequest(context.descriptor, operation, {
			credentials: context.credentials,
			parameters: { sobject: spec.sobject, externalIdField: upsertBy },
			body: input.body,
			query: input.ids === undefined ? undefined : { ids: input.ids.join(','), allOrNone: 'false' },
		});
	const sobjectRecord = (fields: Record<string, unknown>) => ({ attributes: { type: spec.sobject }, ...fields });

	return {
		actions,
		systemName: context.descriptor.displayName,
		minWrites: 2,
		// Large loads in chunks a job is worth opening for; otherwise a few collection calls per chunk.
		chunkSize: upsertBy !== undefined && spec.jobFrom !== undefined ? jobChunkSize : spec.maxPerCall * 5,
		async send(client, writes, options) {
			const results: BulkWriteResult[] = new Array(writes.length);
			const calls: (() => Promise<void>)[] = [];
			const inCalls = <T>(placed: Placed<T>[], send: (slice: Placed<T>[]) => Promise<BulkWriteResult[]>) => {
				for (let start = 0; start < placed.length; start += spec.maxPerCall) {
					const slice = placed.slice(start, start + spec.maxPerCall);
					calls.push(async () => (await send(slice)).forEach((result, at) => (results[slice[at].index] = result)));
				}
			};

			const unsupported = writes.find((write) => !actions.includes(write.action));
			if (unsupported !== undefined)
				throw new UnsupportedWriteError(
					`Salesforce's bulk writes take ${actions.join(' and ')} ${upsertBy === undefined ? 'by Salesforce Id' : `by ${upsertBy}`}, not a ${unsupported.action}`,
				);

			if (upsertBy !== undefined) {
				const upserts: Placed<ExternalIdUpsert>[] = [];
				writes.forEach((write, index) => {
					const record = externalIdUpsert(write, upsertBy);
					if (typeof record === 'string') results[index] = missingKey(record);
					else upserts.push({ index, record });
				});
				if (spec.jobFrom !== undefined && upserts.length >= spec.jobFrom) {
					const target = { ...context, sobject: spec.sobject, externalIdField: upsertBy };
					calls.push(async () => {
						const answered = await upsertByIngestJob(
							client,
							target,
							upserts.map((upsert) => upsert.record),
							timing,
						);
						answered.forEach((result, at) => (results[upserts[at].index] = result));
					});
				} else {
					inCalls(upserts, async (slice) => {
						const records = slice.map(({ record }) => sobjectRecord({ ...record.fields, [upsertBy]: record.key }));
						const answer = await client.request(request(UPSERT, { body: { allOrNone: false, records } }));
						return saveResults(answer.body, slice.length).map((saved, at) => upserted(saved, slice[at].record));
					});
				}
			} else {
				const byId = (action: BulkAction) =>
					writes.flatMap((write, index): Placed<BulkWrite & { id: string }>[] => {
						if (write.action !== action) return [];
						if (write.id !== undefined) return [{ index, record: { ...write, id: write.id } }];
						results[index] = missingKey(`The ${action} has no Salesforce Id`);
						return [];
					});
				inCalls(byId('update'), async (slice) => {
					const records = slice.map(({ record }) => {
						const fields = { ...record.body };
						delete fields.Id;
						return sobjectRecord({ ...fields, id: record.id });
					});
					const answer = await client.request(request(UPDATE, { body: { allOrNone: false, records } }));
					return saveResults(answer.body, slice.length).map((saved, at) => savedById(saved, slice[at].record.id));
				});
				inCalls(byId('delete'), async (slice) => {
					const answer = await client.request(request(DELETE, { ids: slice.map(({ record }) => record.id) }));
					return saveResults(answer.body, slice.length).map((saved, at) => deleted(saved, slice[at].record.id));
				});
			}
			await forEachConcurrently(calls.length, options.concurrency, (index) => calls[index]());
			return results;
		},
	};
}

/** The write as an upsert by `field`, or why it cannot be one. The contract's target id is the external id. */
function externalIdUpsert(write: BulkWrite, field: string): ExternalIdUpsert | string {
	const { [field]: value, ...fields } = write.body;
	// An update goes to the object the contract names, as connectorTargetRequests' update does.
	const key = write.action === 'update' && write.id !== undefined ? write.id : value;
	if (typeof key !== 'string' && typeof key !== 'number') return `The item has no "${field}" to upsert by`;
	return { key: String(key), fields, create: write.action === 'create' };
}

function upserted(saved: SalesforceSaveResult, record: ExternalIdUpsert): BulkWriteResult {
	if (!saved.success) return rejectedRecord(saved.errors ?? []);
	// A create Salesforce answers as an update found the record an earlier attempt made.
	return { ok: true, id: record.key, ...(record.create && saved.created === false ? { reconciled: true } : {}) };
}

function savedById(saved: SalesforceSaveResult, id: string): BulkWriteResult {
	return saved.success ? { ok: true, id: saved.id ?? id } : rejectedRecord(saved.errors ?? []);
}

function deleted(saved: SalesforceSaveResult, id: string): BulkWriteResult {
	// Already in the recycle bin is the outcome a delete wants (a resend after a crash).
	const gone = saved.errors?.length === 1 && saved.errors[0].statusCode === 'ENTITY_IS_DELETED';
	return saved.success || gone ? { ok: true, id } : rejectedRecord(saved.errors ?? []);
}

function missingKey(message: string): BulkWriteResult {
	return { ok: false, status: 400, code: 'MISSING_TARGET_ID', message, transient: false };
}
