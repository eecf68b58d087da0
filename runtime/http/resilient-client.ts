import { fullJitterDelay } from './backoff';
import { CircuitBreaker } from './circuit-breaker';
import { CircuitOpenError, NetworkError, PermanentHttpError, RetryExhaustedError } from './errors';
import { headerValue, parseRetryAfter } from './retry-after';
import { classifyStatus, defaultRetryPolicy, type RetryPolicy } from './retry-policy';
import type { Transport, TransportRequest, TransportResponse } from './transport';

export interface ResilientClientOptions {
	transport: Transport;
	retry?: Partial<RetryPolicy>;
	/** Shared per target so every item of a run (and every run in the process) sees the same state. */
	breaker?: CircuitBreaker;
	/** Name of the target in CircuitOpen messages. */
	targetName?: string;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	now?: () => number;
	/** Called before each retry wait; for logs and tests. */
	onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
	attempt: number;
	delayMs: number;
	status?: number;
	error?: unknown;
	retryAfterMs?: number;
}

export interface RequestOptions {
	/** Sent as `Idempotency-Key` on every attempt, so a retry after a lost response is a no-op on the target. */
	idempotencyKey?: string;
}

export interface ResilientResponse extends TransportResponse {
	attempts: number;
}

export interface ResilientClient {
	request(request: TransportRequest, options?: RequestOptions): Promise<ResilientResponse>;
	readonly breaker: CircuitBreaker;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends requests through a transport with retries (network errors, 408, 429, 5xx), full-jitter
 * backoff, Retry-After, a circuit breaker and idempotency keys. Resolves only with a 2xx/3xx
 * response; everything else is a typed error from `./errors`.
 */
export function createResilientClient(options: ResilientClientOptions): ResilientClient {
	const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
	const breaker = options.breaker ?? new CircuitBreaker();
	const sleep = options.sleep ?? realSleep;
	const random = options.random ?? Math.random;
	const now = options.now ?? Date.now;

	async function request(request: TransportRequest, requestOptions: RequestOptions = {}): Promise<ResilientResponse> {
		// A copy per call: transports (n8n's OAuth2 signing) write into the headers they are given, and a
		// caller may send one headers object on many requests (pages of a list).
		const headers = { ...request.headers };
		if (requestOptions.idempotencyKey !== undefined) headers['Idempotency-Key'] = requestOptions.idempotencyKey;
		const prepared: TransportRequest = { ...request, headers, timeoutMs: request.timeoutMs ?? policy.timeoutMs };
		let lastStatus: number | undefined;
		let lastError: unknown;
		let attempts = 0;

		for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
			if (!breaker.tryAcquire())
				throw new CircuitOpenError(options.targetName ?? new URL(request.url).host, breaker.retryAt);

			attempts = attempt;
			let response: TransportResponse | undefined;
			try {
				response = await options.transport.request(prepared);
			} catch (error) {
				lastError = new NetworkError(request.method, request.url, error);
				lastStatus = undefined;
			}

			let retryAfterMs: number | undefined;
			if (response !== undefined) {
				const outcome = classifyStatus(response.status);
				if (outcome === 'success') {
					breaker.recordSuccess();
					return { ...response, attempts: attempt };
				}
				if (outcome === 'permanent') {
					// The target is up and answering; a client error says nothing about its health.
					breaker.recordSuccess();
					throw new PermanentHttpError(request.method, request.url, response.status, response.body);
				}
				lastStatus = response.status;
				lastError = undefined;
				retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), now());
			}
			breaker.recordFailure();

			if (attempt === policy.maxAttempts) break;
			if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) break;
			const jitter = fullJitterDelay(attempt - 1, { baseMs: policy.baseDelayMs, capMs: policy.maxDelayMs }, random);
			const delayMs = retryAfterMs === undefined ? jitter : Math.max(retryAfterMs, jitter);
			options.onRetry?.({ attempt, delayMs, status: lastStatus, error: lastError, retryAfterMs });
			await sleep(delayMs);
		}
		throw new RetryExhaustedError(request.method, request.url, attempts, lastStatus, lastError);
	}

	return { request, breaker };
}
