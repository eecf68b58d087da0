import type { BulkWriteResult } from '../../contracts/bulk-write';
import { SyncBridgeError } from '../../errors';

/** One error of a Salesforce SaveResult (`REQUIRED_FIELD_MISSING`, `Required fields are missing: [LastName]`). */
export interface SalesforceSaveError {
	statusCode: string;
	message: string;
	fields?: string[];
}

/** Salesforce's answer for one record of a bulk write: a SaveResult, or an UpsertResult with `created`. */
export interface SalesforceSaveResult {
	id?: string | null;
	success: boolean;
	errors?: SalesforceSaveError[];
	created?: boolean;
}

/** A bulk answer that is not what Salesforce documents (not one result per record sent). */
export class SalesforceAnswerError extends SyncBridgeError {
	readonly code = 'API_ERROR';
	constructor(message: string) {
		super(message);
		this.name = 'SalesforceAnswerError';
	}
}

/**
 * Codes of a record that was valid but not saved this time: another transaction held its row, the
 * call ran too long, or (allOrNone) another record failed. Sending it again may succeed.
 */
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
	'UNABLE_TO_LOCK_ROW',
	'REQUEST_RUNNING_TOO_LONG',
	'ALL_OR_NONE_OPERATION_ROLLED_BACK',
]);

/** The HTTP status the one-record REST call answers for a code, where it is not 400. */
const SINGLE_CALL_STATUS: Readonly<Record<string, number>> = { ENTITY_IS_DELETED: 404 };

/** The per-record results of an sObject Collections call, checked to be one per record sent. */
export function saveResults(body: unknown, sent: number): SalesforceSaveResult[] {
	const valid =
		Array.isArray(body) &&
		body.length === sent &&
		body.every((entry) => typeof entry === 'object' && entry !== null && typeof entry.success === 'boolean');
	if (!valid) {
		throw new SalesforceAnswerError(
			`Salesforce answered ${Array.isArray(body) ? `${body.length} results` : 'no result list'} for ${sent} records sent in one call`,
		);
	}
	return body as SalesforceSaveResult[];
}

/** A record Salesforce refused, in its own words; transient where sending it again may succeed. */
export function rejectedRecord(errors: readonly SalesforceSaveError[]): BulkWriteResult {
	const [first] = errors;
	if (first === undefined)
		return {
			ok: false,
			status: 400,
			message: 'Salesforce did not save the record and gave no reason',
			transient: false,
		};
	return {
		ok: false,
		status: SINGLE_CALL_STATUS[first.statusCode] ?? 400,
		code: first.statusCode,
		message: errors.map((error) => error.message).join('; '),
		transient: errors.every((error) => TRANSIENT_CODES.has(error.statusCode)),
	};
}

/** A record Salesforce never got to: safe to send again, since an upsert finds what an earlier attempt made. */
export function unprocessedRecord(message: string): BulkWriteResult {
	return { ok: false, status: 503, message, transient: true };
}
