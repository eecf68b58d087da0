import { PermanentHttpError } from '../http/errors';
import type { ResilientResponse } from '../http/resilient-client';

/**
 * What the read before an update decided: write this body (conditionally on the etag that read
 * answered, where the side has etags), the object is gone, or hold it back for review.
 */
export type Settled<Parked> =
	| { kind: 'write'; body: Record<string, unknown>; etag?: string }
	| { kind: 'gone' }
	| { kind: 'parked'; outcome: Parked };

/** How often an object that keeps changing under us is read and settled again before the write gives up. */
export const CONCURRENT_CHANGE_ROUNDS = 3;

const concurrentChange = Symbol('concurrent change');

/**
 * Sends a settled update. One that carries the etag of its read (`If-Match`) and is answered 412
 * met a concurrent change: the object changed between that read and this write. It is never sent
 * again as it was; `settleAgain` reads the object anew and the conflict policy decides on what it
 * holds now (write the merged body under the new etag, park, or create when it is gone). After
 * CONCURRENT_CHANGE_ROUNDS the last 412 is the outcome (a dead letter with the system's message).
 * `resent` is true for every send after the first: those carry no idempotency key, since the key
 * stands for the first body.
 */
export async function sendSettled<Parked>(
	first: Settled<Parked>,
	send: (settled: Exclude<Settled<Parked>, { kind: 'parked' }>, resent: boolean) => Promise<ResilientResponse>,
	settleAgain: () => Promise<Settled<Parked>>,
): Promise<
	| { kind: 'sent'; settled: Exclude<Settled<Parked>, { kind: 'parked' }>; response: ResilientResponse }
	| { kind: 'parked'; outcome: Parked }
> {
	let settled = first;
	for (let round = 1; ; round++) {
		if (settled.kind === 'parked') return settled;
		const conditional = settled.kind === 'write' && settled.etag !== undefined;
		const response = await send(settled, round > 1).catch((error: unknown): typeof concurrentChange =>
			concurrentOrRejected(conditional && round < CONCURRENT_CHANGE_ROUNDS, error),
		);
		if (response !== concurrentChange) return { kind: 'sent', settled, response };
		settled = await settleAgain();
	}
}

/** The marker for a 412 that is settled again; any other failure (or a 412 past the last round) stays a rejection. */
function concurrentOrRejected(settleAgain: boolean, error: unknown): typeof concurrentChange {
	if (settleAgain && isPreconditionFailed(error)) return concurrentChange;
	throw error;
}

/** 412: the `If-Match` etag is no longer the object's. */
export function isPreconditionFailed(error: unknown): boolean {
	return error instanceof PermanentHttpError && error.status === 412;
}
