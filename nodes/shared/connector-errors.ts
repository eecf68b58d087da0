import type { ConnectorDescriptor } from '../../runtime/connectors';
import { readErrorMessage } from '../../runtime/connectors/error-message';
import { HttpError, PermanentHttpError, RetryExhaustedError } from '../../runtime/http/errors';
import { SyncBridgeError } from '../../runtime/errors';

/** What an error output item carries under `_syncbridge.error`. */
export interface ItemFailure {
	code: string;
	message: string;
	httpStatus?: number;
}

/** A 200 answer that still reports failure (GraphQL `errors`). */
export class ApiAnswerError extends SyncBridgeError {
	readonly code = 'API_ERROR';
	constructor(
		message: string,
		readonly status: number,
	) {
		super(message);
		this.name = 'ApiAnswerError';
	}
}

/** A failure described for people: the system's own message where it gave one. */
export function describeFailure(descriptor: ConnectorDescriptor, error: unknown): ItemFailure {
	if (error instanceof PermanentHttpError) {
		return {
			code: error.code,
			httpStatus: error.status,
			message: readErrorMessage(descriptor, error.status, error.body),
		};
	}
	if (error instanceof RetryExhaustedError) {
		return {
			code: error.code,
			...(error.lastStatus === undefined ? {} : { httpStatus: error.lastStatus }),
			message: `${descriptor.displayName} is unavailable: ${error.message}`,
		};
	}
	if (error instanceof HttpError) return { code: error.code, message: error.message };
	if (error instanceof ApiAnswerError) return { code: error.code, httpStatus: error.status, message: error.message };
	return { code: 'REQUEST_FAILED', message: error instanceof Error ? error.message : String(error) };
}

/** The HTTP status an error carries, if any (for the CSV fallback's "unavailable" decision). */
export function failureStatus(error: unknown): number | undefined {
	if (error instanceof PermanentHttpError) return error.status;
	if (error instanceof RetryExhaustedError) return error.lastStatus;
	return undefined;
}
