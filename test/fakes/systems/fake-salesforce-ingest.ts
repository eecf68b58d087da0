import { parseCsv } from '../../../runtime/mapping/csv';
import { idSequence, jsonBody, type FakeRequest, type FakeResponse, type Route } from './fake-server';
import {
	duplicateExternalId,
	failed,
	repeatedValues,
	type SalesforceDml,
	type SaveResult,
} from './fake-salesforce-save';

type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
type Operation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';

const OPERATIONS: readonly string[] = ['insert', 'update', 'upsert', 'delete', 'hardDelete'];
const DELIMITERS: Readonly<Record<string, string>> = {
	COMMA: ',',
	SEMICOLON: ';',
	TAB: '\t',
	PIPE: '|',
	CARET: '^',
	BACKQUOTE: '`',
};
const FINAL_STATES: ReadonlySet<JobState> = new Set(['JobComplete', 'Failed', 'Aborted']);
/** A field set to null; an empty value leaves the field as it is. */
const CSV_NULL = '#N/A';

type Row = Record<string, string>;

export interface IngestJob {
	id: string;
	object: string;
	operation: Operation;
	externalIdFieldName?: string;
	lineEnding: 'LF' | 'CRLF';
	columnDelimiter: string;
	apiVersion: number;
	createdDate: string;
	state: JobState;
	errorMessage?: string;
	/** The uploaded CSV, as sent. */
	data?: string;
	pollsLeft: number;
	columns: string[];
	successful: { id: string; created: boolean; row: Row }[];
	failed: { id: string; error: string; row: Row }[];
	unprocessed: Row[];
}

/**
 * Bulk API 2.0 ingest jobs
 * (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm):
 * `POST /jobs/ingest` opens a job, one `PUT .../batches` uploads its CSV (201, no body; a second is
 * refused), `PATCH` with `UploadComplete` closes it (or `Aborted` aborts it), `GET` shows its state,
 * which moves on to `JobComplete` once processed (`Failed` when the data cannot be read: a line ending
 * other than the job's, a column the object does not have). Each row is saved like one record of a
 * DML call; the result sets are CSV: `successfulResults/` (`sf__Id`, `sf__Created`), `failedResults/`
 * (`sf__Id`, `sf__Error` as `CODE:message:fields --`), `unprocessedrecords/`, each with the row's
 * uploaded fields, in the job's delimiter and line ending. `#N/A` sets a field to null.
 */
export class FakeIngestJobs {
	/** How many reads of a closed job answer InProgress before it is processed. */
	pollsInProgress = 0;
	/** The next job processed stops after this many records and ends Failed with this message (an internal error). */
	failNextJob: { afterRecords: number; message: string } | undefined;
	readonly jobs = new Map<string, IngestJob>();
	private readonly nextId = idSequence('750FAKE', 11);

	constructor(
		private readonly dml: SalesforceDml,
		private readonly object: string,
	) {}

	routes(data: string): Route[] {
		const job = `${data}/jobs/ingest/:jobId`;
		const resultSets = ['successfulResults', 'failedResults', 'unprocessedrecords'] as const;
		return [
			{ method: 'POST', path: `${data}/jobs/ingest`, handler: (request) => this.open(request) },
			{
				method: 'PUT',
				path: `${job}/batches`,
				handler: (request) => this.withJob(request, (found) => this.upload(found, request)),
			},
			{
				method: 'PATCH',
				path: job,
				handler: (request) => this.withJob(request, (found) => this.setState(found, request)),
			},
			{
				method: 'GET',
				path: job,
				handler: (request) => this.withJob(request, (found) => ({ status: 200, body: this.info(this.advance(found)) })),
			},
			{
				method: 'DELETE',
				path: job,
				handler: (request) => this.withJob(request, (found) => (this.jobs.delete(found.id), { status: 204 })),
			},
			// Salesforce documents the result sets with a trailing slash; clients send both.
			...resultSets.flatMap((set) =>
				[`${job}/${set}`, `${job}/${set}/`].map((path) => ({
					method: 'GET',
					path,
					handler: (request: FakeRequest) => this.withJob(request, (found) => this.results(found, set)),
				})),
			),
		];
	}

	private open(request: FakeRequest): FakeResponse {
		const body = jsonBody(request);
		const operation = String(body.operation ?? '');
		if (!OPERATIONS.includes(operation))
			return bulkError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${operation || '(none)'}`);
		if (body.object !== this.object)
			return bulkError(
				400,
				'INVALIDENTITY',
				`InvalidEntity : Entity '${String(body.object)}' is not supported by the Bulk API.`,
			);
		if ((body.contentType ?? 'CSV') !== 'CSV')
			return bulkError(400, 'INVALIDJOB', `InvalidJob : Unsupported content type: ${String(body.contentType)}`);
		const lineEnding = body.lineEnding ?? 'LF';
		const columnDelimiter = String(body.columnDelimiter ?? 'COMMA');
		if ((lineEnding !== 'LF' && lineEnding !== 'CRLF') || !(columnDelimiter in DELIMITERS))
			return bulkError(400, 'INVALIDJOB', 'InvalidJob : Invalid lineEnding or columnDelimiter');
		const externalIdFieldName = body.externalIdFieldName;
		if (operation === 'upsert') {
			if (typeof externalIdFieldName !== 'string' || externalIdFieldName === '')
				return bulkError(
					400,
					'INVALIDJOB',
					`InvalidJob : External ID was blank for ${this.object}. An External ID must be specified for upsert.`,
				);
			if (!this.dml.isExternalId(externalIdFieldName))
				return bulkError(
					400,
					'INVALIDJOB',
					`InvalidJob : Field name provided, ${externalIdFieldName} does not match an External ID, Salesforce Id, or indexed field for ${this.object}`,
				);
		}
		const job: IngestJob = {
			id: this.nextId(),
			object: this.object,
			operation: operation as Operation,
			...(operation === 'upsert' ? { externalIdFieldName: externalIdFieldName as string } : {}),
			lineEnding,
			columnDelimiter,
			apiVersion: Number(request.params.version.replace(/^v/, '')),
			createdDate: new Date().toISOString().replace('Z', '+0000'),
			state: 'Open',
			pollsLeft: this.pollsInProgress,
			columns: [],
			successful: [],
			failed: [],
			unprocessed: [],
		};
		this.jobs.set(job.id, job);
		return { status: 200, body: this.info(job) };
	}

	private upload(job: IngestJob, request: FakeRequest): FakeResponse {
		if (!(request.headers['content-type'] ?? '').startsWith('text/csv'))
			return bulkError(400, 'INVALIDCONTENTTYPE', 'Content-Type must be text/csv');
		if (job.state !== 'Open')
			return bulkError(400, 'INVALIDJOBSTATE', `InvalidJobState : Job is ${job.state}, not Open`);
		if (job.data !== undefined)
			return bulkError(
				400,
				'BULK_API_ERROR',
				`Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`,
			);
		job.data = request.rawBody;
		return { status: 201 };
	}

	private setState(job: IngestJob, request: FakeRequest): FakeResponse {
		const wanted = jsonBody(request).state;
		if (wanted === 'UploadComplete' && job.state === 'Open') {
			job.state = 'UploadComplete';
		} else if (wanted === 'Aborted' && !FINAL_STATES.has(job.state)) {
			job.state = 'Aborted';
			this.leaveUnprocessed(job, this.rows(job) ?? []);
		} else {
			return bulkError(
				400,
				'INVALIDJOBSTATE',
				`InvalidJobState : Invalid state transition from ${job.state} to ${String(wanted)}`,
			);
		}
		return { status: 200, body: this.info(job) };
	}

	/** A closed job is processed once the reads that answer InProgress are used up. */
	private advance(job: IngestJob): IngestJob {
		if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return job;
		if (job.pollsLeft > 0) {
			job.pollsLeft -= 1;
			job.state = 'InProgress';
			return job;
		}
		this.process(job);
		return job;
	}

	private process(job: IngestJob): void {
		const rows = this.rows(job);
		if (rows === undefined) return this.fail(job, 'ClientInputError : The CSV data is malformed');
		const firstLine = /^[^\n]*\n/.exec(job.data ?? '')?.[0] ?? '';
		if (job.lineEnding === 'LF' ? firstLine.endsWith('\r\n') : firstLine !== '' && !firstLine.endsWith('\r\n')) {
			this.leaveUnprocessed(job, rows);
			return this.fail(
				job,
				`ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is ${job.lineEnding}`,
			);
		}
		job.columns = Object.keys(rows[0] ?? {});
		const unknown = this.dml.unknownField(job.columns);
		if (unknown !== undefined) {
			this.leaveUnprocessed(job, rows);
			return this.fail(job, `InvalidBatch : Field name not found : ${unknown}`);
		}
		const field = job.externalIdFieldName ?? '';
		const repeated = repeatedValues(job.operation === 'upsert' ? rows.map((row) => row[field] || undefined) : []);
		const upsert = job.operation === 'upsert' ? this.dml.upserter(field) : undefined;
		const failure = this.failNextJob;
		this.failNextJob = undefined;
		rows.forEach((row, index) => {
			if (failure !== undefined && index >= failure.afterRecords) {
				job.unprocessed.push(row);
				return;
			}
			const saved = this.save(job, row, repeated, upsert);
			if (saved.success)
				job.successful.push({ id: saved.id ?? '', created: saved.created ?? job.operation === 'insert', row });
			else job.failed.push({ id: saved.id ?? '', error: errorText(saved), row });
		});
		if (failure !== undefined) return this.fail(job, failure.message);
		job.state = 'JobComplete';
	}

	private leaveUnprocessed(job: IngestJob, rows: Row[]): void {
		job.columns = Object.keys(rows[0] ?? {});
		job.unprocessed = rows;
	}

	private fail(job: IngestJob, message: string): void {
		job.state = 'Failed';
		job.errorMessage = message;
	}

	private save(
		job: IngestJob,
		row: Row,
		repeated: Set<string>,
		upsert: ReturnType<SalesforceDml['upserter']> | undefined,
	): SaveResult {
		const fields: Record<string, unknown> = {};
		for (const [name, text] of Object.entries(row)) {
			if (text === '') continue;
			fields[name] = text === CSV_NULL ? null : this.dml.isBoolean(name) ? text.toLowerCase() === 'true' : text;
		}
		const { Id: id, ...rest } = fields;
		switch (job.operation) {
			case 'insert':
				return this.dml.insert(fields);
			case 'update':
				return typeof id === 'string'
					? this.dml.update(id, rest)
					: failed('MISSING_ARGUMENT', 'Id not specified in an update call');
			case 'delete':
			case 'hardDelete':
				return typeof id === 'string'
					? this.dml.delete(id, { hard: job.operation === 'hardDelete' })
					: failed('MISSING_ARGUMENT', 'Id not specified in a delete call');
			case 'upsert': {
				const field = job.externalIdFieldName as string;
				const { [field]: key, ...others } = fields;
				if (typeof key !== 'string') return failed('MISSING_ARGUMENT', `${field} not specified`, [field]);
				if (repeated.has(key)) return duplicateExternalId(field, key);
				return (upsert ?? this.dml.upserter(field))(key, others);
			}
		}
	}

	private rows(job: IngestJob): Row[] | undefined {
		try {
			return parseCsv(job.data ?? '', { delimiter: DELIMITERS[job.columnDelimiter] });
		} catch {
			return undefined;
		}
	}

	private results(job: IngestJob, set: 'successfulResults' | 'failedResults' | 'unprocessedrecords'): FakeResponse {
		if (!FINAL_STATES.has(job.state))
			return bulkError(
				400,
				'INVALIDJOBSTATE',
				`InvalidJobState : Job ${job.id} is ${job.state}; its results come once it ends`,
			);
		const { columns } = job;
		const table =
			set === 'successfulResults'
				? [
						['sf__Id', 'sf__Created', ...columns],
						...job.successful.map((r) => [r.id, String(r.created), ...columns.map((c) => r.row[c])]),
					]
				: set === 'failedResults'
					? [
							['sf__Id', 'sf__Error', ...columns],
							...job.failed.map((r) => [r.id, r.error, ...columns.map((c) => r.row[c])]),
						]
					: [columns, ...job.unprocessed.map((row) => columns.map((c) => row[c]))];
		const delimiter = DELIMITERS[job.columnDelimiter];
		const lineEnding = job.lineEnding === 'LF' ? '\n' : '\r\n';
		// Every value quoted, as Salesforce writes its result sets.
		const text = table
			.map((cells) => cells.map((cell) => `"${(cell ?? '').replace(/"/g, '""')}"`).join(delimiter))
			.join(lineEnding);
		return { status: 200, body: `${text}${lineEnding}`, contentType: 'text/csv' };
	}

	private info(job: IngestJob): Record<string, unknown> {
		return {
			id: job.id,
			operation: job.operation,
			object: job.object,
			createdById: '005FAKE000000000',
			createdDate: job.createdDate,
			systemModstamp: job.createdDate,
			state: job.state,
			...(job.externalIdFieldName === undefined ? {} : { externalIdFieldName: job.externalIdFieldName }),
			concurrencyMode: 'Parallel',
			contentType: 'CSV',
			apiVersion: job.apiVersion,
			jobType: 'V2Ingest',
			contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches`,
			lineEnding: job.lineEnding,
			columnDelimiter: job.columnDelimiter,
			numberRecordsProcessed: job.successful.length + job.failed.length,
			numberRecordsFailed: job.failed.length,
			retries: 0,
			totalProcessingTime: 0,
			apiActiveProcessingTime: 0,
			apexProcessingTime: 0,
			...(job.errorMessage === undefined ? {} : { errorMessage: job.errorMessage }),
		};
	}

	private withJob(request: FakeRequest, then: (job: IngestJob) => FakeResponse): FakeResponse {
		const job = this.jobs.get(request.params.jobId);
		return job === undefined ? bulkError(404, 'NOT_FOUND', 'The requested resource does not exist') : then(job);
	}
}

/** `sf__Error`: each error as `STATUS_CODE:message:fields --`. */
function errorText(saved: SaveResult): string {
	return saved.errors.map((error) => `${error.statusCode}:${error.message}:${error.fields.join(',')} --`).join(' ');
}

function bulkError(status: number, errorCode: string, message: string): FakeResponse {
	return { status, body: [{ errorCode, message }] };
}
