import {
	deliveryKey,
	MAX_IN_FLIGHT_RETRY_AFTER_SECONDS,
	type ClaimTerms,
	type DeliveryLedger,
} from './delivery-ledger';
import { bodyDepthRefusal, bodySizeRefusal, DEFAULT_INTAKE_LIMITS, type IntakeLimits } from './intake-limits';
import type { ReplayStore } from './replay-store';
import type { Refused, Rejection, RejectionCode } from './verification-result';
import { verifyDelivery, type SchemeOptions } from './webhook-scheme';
import { rawBodyBytes, type WebhookDelivery } from './webhook-delivery';

/** What the endpoint does with one delivery. */
export type IntakeDecision =
	| { outcome: 'accepted'; eventId?: string; timestamp?: number; claim?: { key: string; attempt: number } }
	| { outcome: 'duplicate'; eventId: string }
	/** Another run holds this delivery (ledger only): answer retryably, the sender comes back later. */
	| { outcome: 'in-flight'; eventId: string; retryAfterSeconds: number }
	| { outcome: 'rejected'; status: RejectionStatus; reason: Rejection };

export type RejectionStatus = 400 | 401 | 413;

interface IntakeBase extends SchemeOptions {
	scheme: unknown;
	delivery: WebhookDelivery;
	/** Default DEFAULT_INTAKE_LIMITS. */
	limits?: IntakeLimits;
}

/** Replay protection by "seen once": a duplicate is any id recorded before (single process). */
interface ReplayStoreIntake extends IntakeBase {
	replayStore: ReplayStore;
	/** How long an accepted event id is remembered. */
	replayTtlSeconds: number;
	ledger?: undefined;
}

/** Replay protection by claim/complete: only completed deliveries are duplicates (queue mode). */
interface LedgerIntake extends IntakeBase {
	ledger: { ledger: DeliveryLedger; endpoint: string; terms: ClaimTerms };
	replayStore?: undefined;
}

export type IntakeRequest = ReplayStoreIntake | LedgerIntake;

/**
 * A body over the size limit is 413; a malformed header or a body nested too deep is the sender's
 * bug (400); everything else is a refusal to authenticate (401).
 */
export function rejectionStatus(code: RejectionCode): RejectionStatus {
	if (code === 'body_too_large') return 413;
	return code === 'malformed_header' || code === 'body_too_deep' ? 400 : 401;
}

function rejected(refusal: Refused): IntakeDecision {
	return { outcome: 'rejected', status: rejectionStatus(refusal.reason.code), reason: refusal.reason };
}

/**
 * Checks a delivery's size, signature and nesting, then records its event id: an authentic
 * delivery whose id was already accepted within the TTL is a duplicate and must not start another
 * run. The id is recorded only after every check holds, so neither forged nor oversized deliveries
 * reach the store.
 */
export async function takeDelivery(request: IntakeRequest): Promise<IntakeDecision> {
	const limits = request.limits ?? DEFAULT_INTAKE_LIMITS;
	const body = rawBodyBytes(request.delivery);
	const tooLarge = bodySizeRefusal(body, limits);
	if (tooLarge) return rejected(tooLarge);
	const verification = verifyDelivery(request.scheme, request.delivery, request);
	if (!verification.ok) return rejected(verification);
	const tooDeep = bodyDepthRefusal(body, limits);
	if (tooDeep) return rejected(tooDeep);
	const { eventId, timestamp } = verification;
	if (request.ledger !== undefined) {
		if (eventId === undefined) return { outcome: 'accepted', timestamp };
		const key = deliveryKey(request.ledger.endpoint, eventId);
		const claim = await request.ledger.ledger.claim(key, request.ledger.terms);
		if (claim.state === 'completed') return { outcome: 'duplicate', eventId };
		if (claim.state === 'in-flight') {
			return {
				outcome: 'in-flight',
				eventId,
				retryAfterSeconds: Math.min(claim.retryAfterSeconds, MAX_IN_FLIGHT_RETRY_AFTER_SECONDS),
			};
		}
		return { outcome: 'accepted', eventId, timestamp, claim: { key, attempt: claim.attempt } };
	}
	if (eventId !== undefined && (await request.replayStore.seen(eventId, request.replayTtlSeconds))) {
		return { outcome: 'duplicate', eventId };
	}
	return { outcome: 'accepted', eventId, timestamp };
}
