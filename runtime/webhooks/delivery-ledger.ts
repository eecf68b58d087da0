/**
 * Claim/complete bookkeeping of webhook deliveries, for senders that retry until they get a 2xx.
 * A delivery is claimed (in flight) before its run starts and completed when its objects were
 * written. A claim whose run died is not remembered as done: once its lease expires the sender's
 * retry claims it again. Only completed deliveries are duplicates.
 */
export interface DeliveryLedger {
	claim(key: string, terms: ClaimTerms): Promise<DeliveryClaim>;
	/** Marks deliveries done; unknown keys are ignored. */
	complete(keys: readonly string[]): Promise<void>;
}

export interface ClaimTerms {
	/** How long a claim blocks other deliveries of the same id before it is presumed dead. */
	leaseSeconds: number;
	/** How long a completed delivery is remembered (the replay window). */
	retentionSeconds: number;
}

export type DeliveryClaim =
	/** Ours to process; `attempt` counts claims of this key (2 and more: an earlier run died or is presumed dead). */
	| { state: 'claimed'; attempt: number }
	/** Another run holds it; `retryAfterSeconds` is the time left on its lease. */
	| { state: 'in-flight'; retryAfterSeconds: number }
	/** Already processed: a duplicate. */
	| { state: 'completed' };

/**
 * The longest Retry-After given for a delivery in flight. Most runs finish within seconds, so a
 * sender told to wait out the whole lease would hold a duplicate back for nothing; after a short
 * wait it finds the delivery completed (200 duplicate) or, once the lease expired, claims it.
 */
export const MAX_IN_FLIGHT_RETRY_AFTER_SECONDS = 5;

/** Default lease: long enough for a sync run of one delivery, short enough that a dead run is retried soon. */
export const DEFAULT_DELIVERY_LEASE_SECONDS = 120;

/** The ledger key of one delivery: the endpoint (workflow, node, production or test) and the event id. */
export function deliveryKey(endpoint: string, eventId: string): string {
	return `${endpoint.length}:${endpoint}:${eventId}`;
}
