import type { CsvExportDescriptor } from './connector-descriptor';
import { writeCsvExport } from './csv-export';

/** How a call to the system's API ended, after the HTTP layer's retries. */
export type ApiOutcome<T> = { kind: 'response'; status: number; result?: T } | { kind: 'networkError'; error: unknown };

export type UnavailableReason = 'networkError' | 'serverError' | 'endpointNotFound' | 'circuitOpen';

/**
 * Whether the API counts as unavailable for an export: the network failed, the server still
 * answered 5xx after retries, or the endpoint itself is missing (404: the API is not enabled for
 * this portal). Anything else, 4xx included, is a real answer and must surface as an error.
 */
export function unavailableReason(outcome: ApiOutcome<unknown>): UnavailableReason | undefined {
	if (outcome.kind === 'networkError') return 'networkError';
	if (outcome.status >= 500) return 'serverError';
	if (outcome.status === 404) return 'endpointNotFound';
	return undefined;
}

/** A write that already failed, as SyncBridge's Error outputs describe it (`_syncbridge.error`). */
export interface WriteFailure {
	code: string;
	httpStatus?: number;
}

/**
 * The same rule for a write that already failed (an item on SyncBridge Upsert's Error output):
 * a network error, 5xx after the retries, an open circuit (the retries of earlier items opened it)
 * or 404. A rejection (4xx) and throttling that outlasted the retries (429) are answers, not outages.
 */
export function failureUnavailableReason(failure: WriteFailure): UnavailableReason | undefined {
	switch (failure.code) {
		case 'CIRCUIT_OPEN':
			return 'circuitOpen';
		case 'NETWORK_ERROR':
			return 'networkError';
		case 'RETRY_EXHAUSTED':
		case 'PERMANENT_HTTP_ERROR':
			if (failure.httpStatus === undefined) return failure.code === 'RETRY_EXHAUSTED' ? 'networkError' : undefined;
			return unavailableReason({ kind: 'response', status: failure.httpStatus });
		default:
			return undefined;
	}
}

export interface CsvFallbackFile {
	fileName: string;
	content: string;
	rowCount: number;
}

export type ExportResult<T> =
	| { via: 'api'; status: number; result?: T }
	| { via: 'csv'; reason: UnavailableReason; detail: string; file: CsvFallbackFile };

/**
 * Exports through the API, or, when the API is unavailable, writes the same records as the
 * system's CSV import file instead and says so. The result always names which way was taken.
 */
export async function withCsvFallback<T>(
	records: readonly unknown[],
	spec: CsvExportDescriptor,
	callApi: () => Promise<ApiOutcome<T>>,
): Promise<ExportResult<T>> {
	let outcome: ApiOutcome<T>;
	try {
		outcome = await callApi();
	} catch (error) {
		outcome = { kind: 'networkError', error };
	}
	const reason = unavailableReason(outcome);
	if (reason === undefined && outcome.kind === 'response') {
		return { via: 'api', status: outcome.status, ...(outcome.result === undefined ? {} : { result: outcome.result }) };
	}
	const detail =
		outcome.kind === 'networkError'
			? `network error: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`
			: `HTTP ${outcome.status}`;
	return {
		via: 'csv',
		reason: reason ?? 'networkError',
		detail,
		file: { fileName: spec.fileName, content: writeCsvExport(records, spec), rowCount: records.length },
	};
}
