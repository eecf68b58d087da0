import { createHmac } from 'node:crypto';

import { anyConstantTimeEqual } from './constant-time';
import { headerValue } from './request-headers';
import { unusableSecretsRefusal } from './signing-secret';
import { refuse, type VerificationResult } from './verification-result';
import { rawBodyBytes, type VerificationOptions, type WebhookDelivery } from './webhook-delivery';

export const GITHUB_SIGNATURE_HEADER = 'x-hub-signature-256';
export const GITHUB_DELIVERY_HEADER = 'x-github-delivery';

const PREFIX = 'sha256=';

export interface GithubVerificationOptions extends VerificationOptions {
	/** Header carrying the event id; default X-GitHub-Delivery. */
	eventIdHeader?: string;
}

/**
 * GitHub style: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. The scheme signs
 * no timestamp, so replays are caught only by the event id (X-GitHub-Delivery). Only the lowercase
 * hex GitHub sends matches.
 */
export function verifyGithubSignature(
	delivery: WebhookDelivery,
	options: GithubVerificationOptions,
): VerificationResult {
	const unusable = unusableSecretsRefusal('githubHmac', options.secrets);
	if (unusable) return unusable;
	const header = headerValue(delivery.headers, GITHUB_SIGNATURE_HEADER);
	if (header === undefined || header.trim() === '') {
		return refuse('missing_header', 'The X-Hub-Signature-256 header is missing.');
	}
	const value = header.trim();
	if (!value.startsWith(PREFIX) || value.length === PREFIX.length) {
		return refuse('malformed_header', 'The X-Hub-Signature-256 header must look like sha256=<hex>.');
	}
	const body = rawBodyBytes(delivery);
	const expected = options.secrets.map((secret) => createHmac('sha256', secret).update(body).digest('hex'));
	if (!anyConstantTimeEqual([value.slice(PREFIX.length)], expected)) {
		return refuse('signature_mismatch', 'The signature does not match the raw body signed with a configured secret.');
	}
	const eventId = headerValue(delivery.headers, options.eventIdHeader || GITHUB_DELIVERY_HEADER)?.trim();
	return { ok: true, eventId: eventId || undefined };
}
