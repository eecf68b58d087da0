import { createHmac } from 'node:crypto';

import { systemClock } from './clock';
import { anyConstantTimeEqual } from './constant-time';
import { headerValue } from './request-headers';
import { standardWebhooksKey, unusableSecretsRefusal } from './signing-secret';
import { checkTolerance, DEFAULT_TOLERANCE_SECONDS, parseUnixSeconds } from './timestamp-tolerance';
import { refuse, type VerificationResult } from './verification-result';
import { rawBodyBytes, type VerificationOptions, type WebhookDelivery } from './webhook-delivery';

export const STANDARD_WEBHOOKS_HEADERS = {
	id: 'webhook-id',
	timestamp: 'webhook-timestamp',
	signature: 'webhook-signature',
} as const;

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

/**
 * Standard Webhooks: HMAC-SHA256 (base64) over `${webhook-id}.${webhook-timestamp}.${rawBody}`.
 * Signatures are compared as sent, so only the canonical padded base64 form matches (no base64url,
 * no missing padding), as in the reference libraries.
 */
export function verifyStandardWebhooksSignature(
	delivery: WebhookDelivery,
	options: VerificationOptions,
): VerificationResult {
	const unusable = unusableSecretsRefusal('standardWebhooks', options.secrets);
	if (unusable) return unusable;
	const keys = options.secrets.map((secret) => standardWebhooksKey(secret) as Buffer);
	const id = headerValue(delivery.headers, STANDARD_WEBHOOKS_HEADERS.id);
	const timestampHeader = headerValue(delivery.headers, STANDARD_WEBHOOKS_HEADERS.timestamp);
	const signatureHeader = headerValue(delivery.headers, STANDARD_WEBHOOKS_HEADERS.signature);
	if (!id || !timestampHeader || !signatureHeader) {
		return refuse(
			'missing_header',
			'The webhook-id, webhook-timestamp and webhook-signature headers are all required.',
		);
	}
	const timestamp = parseUnixSeconds(timestampHeader.trim());
	const signatures = v1Signatures(signatureHeader.trim());
	if (timestamp === undefined || signatures.length === 0) {
		return refuse(
			'malformed_header',
			'webhook-timestamp must be Unix seconds and webhook-signature must hold at least one "v1,<base64>" entry.',
		);
	}
	const signedContent = Buffer.concat([
		Buffer.from(`${id}.${timestampHeader.trim()}.`, 'utf8'),
		rawBodyBytes(delivery),
	]);
	const expected = keys.map((key) => createHmac('sha256', key).update(signedContent).digest('base64'));
	if (!anyConstantTimeEqual(signatures, expected)) {
		return refuse('signature_mismatch', 'No v1 signature matches the raw body signed with a configured secret.');
	}
	const stale = checkTolerance(
		timestamp,
		options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
		options.now ?? systemClock,
	);
	if (stale) return stale;
	return { ok: true, eventId: id, timestamp };
}
