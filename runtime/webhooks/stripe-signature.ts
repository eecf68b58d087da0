import { createHmac } from 'node:crypto';

import { eventIdFromJsonBody } from './body-event-id';
import { systemClock } from './clock';
import { anyConstantTimeEqual } from './constant-time';
import { headerValue } from './request-headers';
import { unusableSecretsRefusal } from './signing-secret';
import { checkTolerance, DEFAULT_TOLERANCE_SECONDS, parseUnixSeconds } from './timestamp-tolerance';
import { refuse, type VerificationResult } from './verification-result';
import { rawBodyBytes, type VerificationOptions, type WebhookDelivery } from './webhook-delivery';

export const STRIPE_SIGNATURE_HEADER = 'stripe-signature';

interface StripeSignatureHeader {
	timestamp: number;
	signatures: string[];
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`; other schemes (v0) are ignored, as Stripe documents. */
function parseHeader(header: string): StripeSignatureHeader | undefined {
	let timestamp: number | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') timestamp = parseUnixSeconds(value);
		else if (key === 'v1' && value !== '') signatures.push(value);
	}
	if (timestamp === undefined || signatures.length === 0) return undefined;
	return { timestamp, signatures };
}

/**
 * Stripe: HMAC-SHA256 (hex) over `${t}.${rawBody}` with the endpoint's signing secret (`whsec_...`,
 * used as is). Only lowercase hex matches, as in stripe-node: an uppercased signature is refused.
 */
export function verifyStripeSignature(delivery: WebhookDelivery, options: VerificationOptions): VerificationResult {
	const unusable = unusableSecretsRefusal('stripe', options.secrets);
	if (unusable) return unusable;
	const header = headerValue(delivery.headers, STRIPE_SIGNATURE_HEADER);
	if (header === undefined || header.trim() === '') {
		return refuse('missing_header', 'The Stripe-Signature header is missing.');
	}
	const parsed = parseHeader(header);
	if (parsed === undefined) {
		return refuse('malformed_header', 'The Stripe-Signature header needs a numeric t= and at least one v1= signature.');
	}
	const body = rawBodyBytes(delivery);
	const signedPayload = Buffer.concat([Buffer.from(`${parsed.timestamp}.`, 'utf8'), body]);
	const expected = options.secrets.map((secret) => createHmac('sha256', secret).update(signedPayload).digest('hex'));
	if (!anyConstantTimeEqual(parsed.signatures, expected)) {
		return refuse('signature_mismatch', 'No v1 signature matches the raw body signed with a configured secret.');
	}
	const stale = checkTolerance(
		parsed.timestamp,
		options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
		options.now ?? systemClock,
	);
	if (stale) return stale;
	return { ok: true, eventId: eventIdFromJsonBody(body, 'id'), timestamp: parsed.timestamp };
}
