import type { ConnectorDescriptor } from './connector-descriptor';

/** Response headers as a fetch `Headers` or a plain (Node-style) object. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

export interface RateLimitState {
	limit?: number;
	remaining?: number;
	/** When the window resets, in epoch milliseconds. */
	resetAt?: number;
	/** How long the system asked us to wait (Retry-After), in milliseconds. */
	retryAfterMs?: number;
}

/**
 * What a response says about the rate limit, per the connector's header names. Retry-After is
 * read as seconds or as an HTTP date (relative to `now`). Unknown or malformed headers are left out.
 */
export function readRateLimit(
	headers: HeaderSource,
	descriptor: Pick<ConnectorDescriptor, 'rateLimit'>,
	now = Date.now(),
): RateLimitState {
	const spec = descriptor.rateLimit ?? {};
	const state: RateLimitState = {};
	const limit = numberHeader(headers, spec.limitHeader);
	const remaining = numberHeader(headers, spec.remainingHeader);
	if (limit !== undefined) state.limit = limit;
	if (remaining !== undefined) state.remaining = remaining;

	const usage = header(headers, spec.usageHeader)?.match(/(\d+)\s*\/\s*(\d+)/);
	if (usage) {
		state.limit = Number(usage[2]);
		state.remaining = Math.max(0, Number(usage[2]) - Number(usage[1]));
	}

	const reset = numberHeader(headers, spec.resetHeader);
	if (reset !== undefined) {
		state.resetAt = spec.resetKind === 'epochSeconds' ? reset * 1000 : now + reset * 1000;
	}

	const retryAfter = header(headers, spec.retryAfterHeader ?? 'retry-after');
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		if (retryAfter.trim() !== '' && Number.isFinite(seconds)) {
			state.retryAfterMs = Math.max(0, seconds * 1000);
		} else {
			const date = Date.parse(retryAfter);
			if (!Number.isNaN(date)) state.retryAfterMs = Math.max(0, date - now);
		}
	}
	return state;
}

function header(headers: HeaderSource, name: string | undefined): string | undefined {
	if (name === undefined) return undefined;
	if (typeof headers.get === 'function') {
		return (headers as { get(name: string): string | null }).get(name) ?? undefined;
	}
	const record = headers as Record<string, string | string[] | undefined>;
	const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
	const value = key === undefined ? undefined : record[key];
	return Array.isArray(value) ? value[0] : value;
}

function numberHeader(headers: HeaderSource, name: string | undefined): number | undefined {
	const value = header(headers, name);
	if (value === undefined || value.trim() === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}
