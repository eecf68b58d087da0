import { SyncBridgeError, type HttpErrorCode } from '../errors';

export type { HttpErrorCode } from '../errors';

/** Base of every error the HTTP layer raises; `code` is stable and safe to branch on. */
export abstract class HttpError extends SyncBridgeError {
	abstract readonly code: HttpErrorCode;
	/** Whether a later rerun may succeed (the target never rejected the request itself). */
	abstract readonly transient: boolean;
}

/** The transport threw: connection refused or reset, DNS failure, or our own timeout. */
export class NetworkError extends HttpError {
	readonly code = 'NETWORK_ERROR';
	readonly transient = true;
	constructor(
		readonly method: string,
		readonly url: string,
		readonly cause: unknown,
	) {
		super(`${method} ${url} failed before a response arrived: ${describe(cause)}`);
		this.name = 'NetworkError';
	}
}

/** A 4xx other than 408/429: retrying the same request cannot help. */
export class PermanentHttpError extends HttpError {
	readonly code = 'PERMANENT_HTTP_ERROR';
	readonly transient = false;
	constructor(
		readonly method: string,
		readonly url: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(`${method} ${url} was rejected with HTTP ${status}: ${preview(body)}`);
		this.name = 'PermanentHttpError';
	}
}

/** Every attempt failed with a retryable outcome (network error, 408, 429 or 5xx). */
export class RetryExhaustedError extends HttpError {
	readonly code = 'RETRY_EXHAUSTED';
	readonly transient = true;
	constructor(
		readonly method: string,
		readonly url: string,
		readonly attempts: number,
		readonly lastStatus: number | undefined,
		readonly lastError: unknown,
	) {
		const last = lastStatus === undefined ? describe(lastError) : `HTTP ${lastStatus}`;
		super(`${method} ${url} still failing after ${attempts} attempts (last: ${last})`);
		this.name = 'RetryExhaustedError';
	}
}

/** The circuit breaker for this target is open; no request was sent. */
export class CircuitOpenError extends HttpError {
	readonly code = 'CIRCUIT_OPEN';
	readonly transient = true;
	constructor(
		readonly target: string,
		readonly retryAt: number,
	) {
		super(`Circuit for ${target} is open after repeated failures; next trial at ${new Date(retryAt).toISOString()}`);
		this.name = 'CircuitOpenError';
	}
}

export function isHttpError(value: unknown): value is HttpError {
	return value instanceof HttpError;
}

function describe(cause: unknown): string {
	if (cause instanceof Error) return cause.message;
	return String(cause);
}

function preview(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (text === undefined) return '(empty body)';
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
