import type { ReplayStore } from './replay-store';
import type { Rejection, RejectionCode } from './verification-result';
import { verifyDelivery, type SchemeOptions } from './webhook-scheme';
import type { WebhookDelivery } from './webhook-delivery';

/** What the endpoint does with one delivery. */
export type IntakeDecision =
	| { outcome: 'accepted'; eventId?: string; timestamp?: number }
	| { outcome: 'duplicate'; eventId: string }
	| { outcome: 'rejected'; status: 400 | 401; reason: Rejection };

export interface IntakeRequest extends SchemeOptions {
	scheme: unknown;
	delivery: WebhookDelivery;
	replayStore: ReplayStore;
	/** How long an accepted event id is remembered. */
	replayTtlSeconds: number;
}

/** A malformed header is the sender's bug (400); everything else is a refusal to authenticate (401). */
export function rejectionStatus(code: RejectionCode): 400 | 401 {
	return code === 'malformed_header' ? 400 : 401;
}

/**
 * Verifies a delivery, then records its event id: an authentic delivery whose id was already
 * accepted within the TTL is a duplicate and must not start another run. The id is recorded
 * only after the signature holds, so forged deliveries cannot poison the store.
 */
export async function takeDelivery(request: IntakeRequest): Promise<IntakeDecision> {
	const { scheme, delivery, replayStore, replayTtlSeconds, ...options } = request;
	const verification = verifyDelivery(scheme, delivery, options);
	if (!verification.ok) {
		return { outcome: 'rejected', status: rejectionStatus(verification.reason.code), reason: verification.reason };
	}
	const { eventId, timestamp } = verification;
	if (eventId !== undefined && (await replayStore.seen(eventId, replayTtlSeconds))) {
		return { outcome: 'duplicate', eventId };
	}
	return { outcome: 'accepted', eventId, timestamp };
}
