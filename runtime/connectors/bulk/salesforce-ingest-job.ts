import type { BulkWriteResult } from '../../contracts/bulk-write';
import type { ResilientClient } from '../../http/resilient-client';
import { parseCsv, toCsv } from '../../mapping/csv';
import type { ConnectorDescriptor, OperationDescriptor } from '../connector-descriptor';
import { buildDescribedRequest } from '../request-builder';
import { rejectedRecord, SalesforceAnswerError, unprocessedRecord } from './salesforce-save-results';

/** One record of an upsert by external id. */
export interface ExternalIdUpsert {
	/** The external id's value: the record's key in Salesforce and in the job's results. */
	key: string;
	/** The other fields (the external id field left out). */
	fields: Record<string, unknown>;
	/** Sent as a create: when Salesforce updates instead, an earlier attempt made the record. */
	create: boolean;
}

/** Where the job goes: the connector (base URL, auth), the object and its external id field. */
export interface IngestJobTarget {
	descriptor: ConnectorDescriptor;
	credentials?: Record<string, unknown>;
	sobject: string;
	externalIdField: string;
}

/** How the job's state is awaited: each look is an API call, so the looks grow further apart. */
export interface IngestJobTiming {
	/** The first wait between two looks (default 1 s); it doubles up to 30 s. */
	pollIntervalMs?: number;
	/** After this long (default 10 min) the records count as not processed, to be sent again later. */
	maxWaitMs?: number;
}

const CREATE_JOB: OperationDescriptor = { method: 'POST', path: '/jobs/ingest' };
const UPLOAD_DATA: OperationDescriptor = { method: 'PUT', path: '/jobs/ingest/{jobId}/batches' };
const SET_STATE: OperationDescriptor = { method: 'PATCH', path: '/jobs/ingest/{jobId}' };
const JOB_INFO: OperationDescriptor = { method: 'GET', path: '/jobs/ingest/{jobId}' };
const RESULTS: OperationDescriptor = {
	method: 'GET',
	path: '/jobs/ingest/{jobId}/{resultSet}/',
	headers: { Accept: 'text/csv' },
};

/** Bulk API 2.0 sets a field to null with this value; an empty one leaves the field as it is. */
const CSV_NULL = '#N/A';
const FINAL_STATES: ReadonlySet<string> = new Set(['JobComplete', 'Failed', 'Aborted']);
const FIRST_POLL_INTERVAL_MS = 1000;
const MAX_POLL_INTERVAL_MS = 30_000;
const MAX_WAIT_MS = 600_000;

interface JobInfo {
	id: string;
	state: string;
	errorMessage?: string;
}

/**
 * Upserts records by external id with a Bulk API 2.0 ingest job: create the job, upload the CSV,
 * close it, await a final state, then read which records succeeded and which failed, matched to the
 * records by the external id column (Salesforce keeps no order). A record in neither result set was
 * not processed (the job failed or was aborted first, or outlasted `maxWaitMs`) and may be sent again.
 */
export async function upsertByIngestJob(
	client: ResilientClient,
	target: IngestJobTarget,
	records: readonly ExternalIdUpsert[],
	timing: IngestJobTiming = {},
): Promise<BulkWriteResult[]> {
	const request = (spec: OperationDescriptor, parameters: Record<string, string>, body?: Record<string, unknown>) =>
		buildDescribedRequest(target.descriptor, spec, { credentials: target.credentials, parameters, body });

	const opened = await client.request(
		request(
			CREATE_JOB,
			{},
			{
				object: target.sobject,
				externalIdFieldName: target.externalIdField,
				contentType: 'CSV',
				operation: 'upsert',
				lineEnding: 'LF',
			},
		),
	);
	const jobId = jobInfo(opened.body).id;
	const upload = request(UPLOAD_DATA, { jobId });
	const csv = jobCsv(target.externalIdField, records);
	await client
		.request({ ...upload, headers: { ...upload.headers, 'content-type': 'text/csv' }, body: csv })
		.then(() => client.request(request(SET_STATE, { jobId }, { state: 'UploadComplete' })))
		.catch(async (error: unknown) => {
			// Nothing was processed yet: abort rather than leave an open job behind, and fail the call.
			await client.request(request(SET_STATE, { jobId }, { state: 'Aborted' })).catch(() => undefined);
			throw error;
		});

	const finished = await finalState(
		async () => jobInfo((await client.request(request(JOB_INFO, { jobId }))).body),
		timing,
	);
	if (finished === undefined) {
		const waited = Math.round((timing.maxWaitMs ?? MAX_WAIT_MS) / 1000);
		return records.map(() =>
			unprocessedRecord(
				`Salesforce's Bulk API job ${jobId} had not finished after ${waited} s; the record is sent again later`,
			),
		);
	}
	const [successful, failed] = await Promise.all(
		['successfulResults', 'failedResults'].map(async (resultSet) =>
			csvRows((await client.request(request(RESULTS, { jobId, resultSet }))).body),
		),
	);
	return matchResults(target.externalIdField, records, finished, successful, failed);
}

async function finalState(read: () => Promise<JobInfo>, timing: IngestJobTiming): Promise<JobInfo | undefined> {
	const deadline = Date.now() + (timing.maxWaitMs ?? MAX_WAIT_MS);
	let interval = timing.pollIntervalMs ?? FIRST_POLL_INTERVAL_MS;
	for (;;) {
		const info = await read();
		if (FINAL_STATES.has(info.state)) return info;
		if (Date.now() + interval > deadline) return undefined;
		await new Promise<void>((resolve) => setTimeout(resolve, interval));
		interval = Math.min(interval * 2, MAX_POLL_INTERVAL_MS);
	}
}

function matchResults(
	externalIdField: string,
	records: readonly ExternalIdUpsert[],
	job: JobInfo,
	successful: Record<string, string>[],
	failed: Record<string, string>[],
): BulkWriteResult[] {
	// Salesforce fails every row sharing a key, so a key may stand for several records: each row takes the next.
	const waiting = new Map<string, number[]>();
	records.forEach((record, index) => waiting.set(record.key, [...(waiting.get(record.key) ?? []), index]));
	const take = (row: Record<string, string>) => waiting.get(row[externalIdField] ?? '')?.shift();

	const results: (BulkWriteResult | undefined)[] = new Array(records.length);
	for (const row of successful) {
		const index = take(row);
		if (index === undefined) continue;
		const reconciled = records[index].create && row.sf__Created === 'false';
		results[index] = { ok: true, id: records[index].key, ...(reconciled ? { reconciled } : {}) };
	}
	for (const row of failed) {
		const index = take(row);
		if (index !== undefined) results[index] = rejectedRecord([jobError(row.sf__Error ?? '')]);
	}
	const notProcessed = unprocessedRecord(
		`Salesforce's Bulk API job ${job.id} ended ${job.state}${job.errorMessage ? ` (${job.errorMessage})` : ''} without processing the record`,
	);
	return Array.from({ length: records.length }, (_, index) => results[index] ?? notProcessed);
}

/** `sf__Error`: `REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --` (code, message, fields). */
function jobError(text: string): { statusCode: string; message: string } {
	const match = /^([A-Z_]+):(.*)$/s.exec(text);
	if (match === null) return { statusCode: 'UNKNOWN_EXCEPTION', message: text };
	return { statusCode: match[1], message: match[2].replace(/:[\w.,\s]*--$/, '') };
}

/** The upload: the external id first, a column per field any record has; nested objects are relationship columns (`Account.ExternalId__c`). */
function jobCsv(externalIdField: string, records: readonly ExternalIdUpsert[]): string {
	const rows = records.map((record) => ({ ...csvFields(record.fields), [externalIdField]: record.key }));
	const columns = [...new Set([externalIdField, ...rows.flatMap((row) => Object.keys(row))])];
	return toCsv(rows, { columns, lineEnding: '\n' });
}

function csvFields(fields: Record<string, unknown>, prefix = ''): Record<string, string> {
	const cells: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		if (value === null || value === '') cells[`${prefix}${name}`] = CSV_NULL;
		else if (isPlainObject(value)) Object.assign(cells, csvFields(value, `${prefix}${name}.`));
		else cells[`${prefix}${name}`] = typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
	return cells;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function jobInfo(body: unknown): JobInfo {
	const info = body as Partial<JobInfo> | undefined;
	if (typeof info?.id !== 'string' || typeof info.state !== 'string')
		throw new SalesforceAnswerError(`Salesforce answered a Bulk API job request without the job's id and state`);
	return info as JobInfo;
}

/** A result set's rows; an empty answer has none. */
function csvRows(body: unknown): Record<string, string>[] {
	if (body === undefined || body === null || body === '') return [];
	if (typeof body !== 'string')
		throw new SalesforceAnswerError('Salesforce answered a Bulk API result set without CSV');
	return parseCsv(body);
}
