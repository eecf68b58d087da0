import type { Clock } from './clock';
import type { RequestHeaders } from './request-headers';

/** One incoming delivery, exactly as received: the signature covers these raw bytes, never a re-serialised body. */
export interface WebhookDelivery {
	headers: RequestHeaders;
	rawBody: Buffer | string;
}

/** What every scheme needs to check a delivery. */
export interface VerificationOptions {
	/** Every secret currently accepted (several during rotation). None configured means every delivery is refused. */
	secrets: readonly string[];
	/** Accepted distance, in seconds, between a signed timestamp and now, in either direction. Default 300. */
	toleranceSeconds?: number;
	now?: Clock;
}

export function rawBodyBytes(delivery: WebhookDelivery): Buffer {
	return typeof delivery.rawBody === 'string' ? Buffer.from(delivery.rawBody, 'utf8') : delivery.rawBody;
}
