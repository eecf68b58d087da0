import { eventIdFromJsonBody } from './body-event-id';
import { anyConstantTimeEqual } from './constant-time';
import { headerValue } from './request-headers';
import { unusableSecretsRefusal } from './signing-secret';
import { refuse, type VerificationResult } from './verification-result';
import { rawBodyBytes, type VerificationOptions, type WebhookDelivery } from './webhook-delivery';

export const DEFAULT_STATIC_KEY_HEADER = 'x-webhook-key';

export interface StaticHeaderKeyOptions extends VerificationOptions {
	/** Header carrying the shared key; default X-Webhook-Key. */
	headerName?: string;
	/** Header carrying the event id, if the sender sends one. */
	eventIdHeader?: string;
	/** Dotted path of the event id in a JSON body (`id`, `data.id`), used when no eventIdHeader is set. */
	eventIdPath?: string;
}

/**
 * A shared key sent verbatim in a header. It proves only that the sender knows the key: the body
 * is not signed and nothing expires, so prefer a signing scheme whenever the sender offers one.
 */
export function verifyStaticHeaderKey(delivery: WebhookDelivery, options: StaticHeaderKeyOptions): VerificationResult {
	const unusable = unusableSecretsRefusal('staticHeader', options.secrets);
	if (unusable) return unusable;
	const headerName = options.headerName?.trim() || DEFAULT_STATIC_KEY_HEADER;
	if (sentMoreThanOnce(delivery, headerName)) {
		return refuse('malformed_header', `The ${headerName} header was sent more than once.`);
	}
	const key = headerValue(delivery.headers, headerName);
	if (key === undefined || key.trim() === '') {
		return refuse('missing_header', `The ${headerName} header is missing.`);
	}
	if (!anyConstantTimeEqual([key.trim()], options.secrets)) {
		return refuse('signature_mismatch', `The ${headerName} header does not match a configured key.`);
	}
	return { ok: true, eventId: staticEventId(delivery, options) };
}

function staticEventId(delivery: WebhookDelivery, options: StaticHeaderKeyOptions): string | undefined {
	if (options.eventIdHeader?.trim()) {
		return headerValue(delivery.headers, options.eventIdHeader.trim())?.trim() || undefined;
	}
	if (options.eventIdPath?.trim()) return eventIdFromJsonBody(rawBodyBytes(delivery), options.eventIdPath.trim());
	return undefined;
}

function sentMoreThanOnce(delivery: WebhookDelivery, headerName: string): boolean {
	const wanted = headerName.toLowerCase();
	return Object.entries(delivery.headers).some(
		([name, value]) => name.toLowerCase() === wanted && Array.isArray(value) && value.length > 1,
	);
}
