import type { Clock } from './clock';
import { refuse, type Refused } from './verification-result';

export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * Refuses a signed timestamp further than `toleranceSeconds` from now in either direction: a
 * timestamp from the future is as suspicious as a stale one (clock games extend a replay window).
 */
export function checkTolerance(timestampSeconds: number, toleranceSeconds: number, now: Clock): Refused | undefined {
	const nowSeconds = Math.floor(now() / 1000);
	const drift = nowSeconds - timestampSeconds;
	if (Math.abs(drift) <= toleranceSeconds) return undefined;
	const direction = drift > 0 ? `${drift} s in the past` : `${-drift} s in the future`;
	return refuse(
		'timestamp_out_of_tolerance',
		`The signed timestamp is ${direction}; at most ${toleranceSeconds} s either way is accepted.`,
	);
}

/** Parses a Unix-seconds timestamp written as a plain decimal integer. */
export function parseUnixSeconds(value: string): number | undefined {
	if (!/^\d{1,12}$/.test(value)) return undefined;
	return Number(value);
}
