export interface RetryPolicy {
	/** Total attempts including the first one. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A Retry-After longer than this is not waited for; the request fails as exhausted instead. */
	maxRetryAfterMs: number;
	/** Per-attempt timeout handed to the transport. */
	timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 250,
	maxDelayMs: 20_000,
	maxRetryAfterMs: 120_000,
	timeoutMs: 30_000,
};

export type ResponseOutcome = 'success' | 'retryable' | 'permanent';

/** 408, 429 and every 5xx are worth retrying; any other 4xx is the caller's fault and goes straight to the error output. */
export function classifyStatus(status: number): ResponseOutcome {
	if (status >= 200 && status < 400) return 'success';
	if (status === 408 || status === 429 || (status >= 500 && status <= 599)) return 'retryable';
	return 'permanent';
}
