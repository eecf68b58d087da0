import { createHmac } from 'node:crypto';

import { systemClock } from './clock';
import { anyConstantTimeEqual } from './constant-time';
import { headerValue } from './request-headers';
import { checkTolerance, DEFAULT_TOLERANCE_SECONDS, parseUnixSeconds } from './timestamp-tolerance';
import { refuse, type VerificationResult } from './verification-result';
import { rawBodyBytes, type VerificationOptions, type WebhookDelivery } from './webhook-delivery';

export const STANDARD_WEBHOOKS_HEADERS = {
	id: 'webhook-id',
	timestamp: 'webhook-timestamp',
	signature: 'webhook-signature',
} as const;

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The HMAC key of a Standard Webhooks secret: `whsec_<base64>` or the bare base64. Undefined when it is not base64. */
export function standardWebhooksKey(secret: string): Buffer | undefined {
	const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
	if (!BASE64.test(encoded)) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 ? key : undefined;
}

/** `v1,<base64>` entries separated by spaces; other versions (v1a: asymmetric) are not ours to check. */
function v1Signatures(header: string): string[] {
	const signatures: string[] = [];
	for (const entry of header.split(' ')) {
		const comma = entry.indexOf(',');
		if (comma < 0) continue;
		if (entry.slice(0, comma) === 'v1' && comma + 1 < entry.length) signatures.push(entry.slice(comma + 1));
	}
	return signatures;
}

/** Standard Webhooks: HMAC-SHA256 (base64) over `${webhook-id}.${webhook-timestamp}.${rawBody}`. */
export function verifyStandardWebhooksSignature(
	delivery: WebhookDelivery,
	options: VerificationOptions,
): VerificationResult {
	if (options.secrets.length === 0) {
		return refuse('missing_secret', 'No Standard Webhooks secret is configured, so no delivery is accepted.');
	}
	const keys: Buffer[] = [];
	for (const secret of options.secrets) {
		const key = standardWebhooksKey(secret);
		if (key === undefined) {
			return refuse('invalid_secret', 'A configured Standard Webhooks secret is not whsec_<base64> or base64.');
		}
		keys.push(key);
	}
	const id = headerValue(delivery.headers, STANDARD_WEBHOOKS_HEADERS.id);
	const timestampHeader = headerValue(delivery.headers, STANDARD_WEBHOOKS_HEADERS.timestamp);
	const signatureHeader = headerValue(delivery.headers, STANDARD_WEBHOOKS_HEADERS.signature);
	if (!id || !timestampHeader || !signatureHeader) {
		return refuse('missing_header', 'The webhook-id, webhook-timestamp and webhook-signature headers are all required.');
	}
	const timestamp = parseUnixSeconds(timestampHeader.trim());
	const signatures = v1Signatures(signatureHeader.trim());
	if (timestamp === undefined || signatures.length === 0) {
		return refuse(
			'malformed_header',
			'webhook-timestamp must be Unix seconds and webhook-signature must hold at least one "v1,<base64>" entry.',
		);
	}
	const signedContent = Buffer.concat([Buffer.from(`${id}.${timestampHeader.trim()}.`, 'utf8'), rawBodyBytes(delivery)]);
	const expected = keys.map((key) => createHmac('sha256', key).update(signedContent).digest('base64'));
	if (!anyConstantTimeEqual(signatures, expected)) {
		return refuse('signature_mismatch', 'No v1 signature matches the raw body signed with a configured secret.');
	}
	const stale = checkTolerance(timestamp, options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS, options.now ?? systemClock);
	if (stale) return stale;
	return { ok: true, eventId: id, timestamp };
}
