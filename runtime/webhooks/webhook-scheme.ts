import { verifyGithubSignature } from './github-signature';
import { verifyStandardWebhooksSignature } from './standard-webhooks-signature';
import { verifyStaticHeaderKey } from './static-header-key';
import { verifyStripeSignature } from './stripe-signature';
import { refuse, type VerificationResult } from './verification-result';
import type { VerificationOptions, WebhookDelivery } from './webhook-delivery';

export const WEBHOOK_SCHEMES = ['stripe', 'standardWebhooks', 'githubHmac', 'staticHeader'] as const;

export type WebhookScheme = (typeof WEBHOOK_SCHEMES)[number];

export function isWebhookScheme(value: unknown): value is WebhookScheme {
	return typeof value === 'string' && (WEBHOOK_SCHEMES as readonly string[]).includes(value);
}

export interface SchemeOptions extends VerificationOptions {
	/** staticHeader: header carrying the key. */
	headerName?: string;
	/** githubHmac and staticHeader: header carrying the event id. */
	eventIdHeader?: string;
	/** staticHeader: dotted path of the event id in a JSON body. */
	eventIdPath?: string;
}

/** Checks a delivery with the configured scheme; an unknown scheme refuses everything. */
export function verifyDelivery(scheme: unknown, delivery: WebhookDelivery, options: SchemeOptions): VerificationResult {
	switch (scheme) {
		case 'stripe':
			return verifyStripeSignature(delivery, options);
		case 'standardWebhooks':
			return verifyStandardWebhooksSignature(delivery, options);
		case 'githubHmac':
			return verifyGithubSignature(delivery, options);
		case 'staticHeader':
			return verifyStaticHeaderKey(delivery, options);
		default:
			return refuse('invalid_secret', `Unknown signature scheme ${JSON.stringify(scheme)}; nothing is accepted.`);
	}
}
