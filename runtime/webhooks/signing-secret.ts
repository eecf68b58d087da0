import { refuse, type Refused } from './verification-result';
import type { WebhookScheme } from './webhook-scheme';

/** Every HMAC key shorter than 128 bits is refused: shorter keys are guessable offline from one signed delivery. */
export const MIN_HMAC_KEY_BYTES = 16;
/** The Standard Webhooks specification asks for secrets of 24 to 64 random bytes. */
export const MIN_STANDARD_WEBHOOKS_KEY_BYTES = 24;
/** A static key is compared verbatim, so its length is all that stands between it and guessing. */
export const MIN_STATIC_KEY_CHARACTERS = 16;

export const SIGNING_SECRET_PREFIX = 'whsec_';
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// How the refusal for a missing secret names what is missing, per scheme.
const SECRET_NAMES: Record<WebhookScheme, string> = {
	stripe: 'Stripe signing secret',
	standardWebhooks: 'Standard Webhooks secret',
	githubHmac: 'webhook secret',
	staticHeader: 'webhook key',
};

/**
 * The HMAC key of a Standard Webhooks secret: `whsec_<base64>` or the bare base64, in canonical
 * padded base64 (as the reference libraries decode it). Undefined when it is not.
 */
export function standardWebhooksKey(secret: string): Buffer | undefined {
	const encoded = secret.startsWith(SIGNING_SECRET_PREFIX) ? secret.slice(SIGNING_SECRET_PREFIX.length) : secret;
	if (encoded === '' || !CANONICAL_BASE64.test(encoded)) return undefined;
	const key = Buffer.from(encoded, 'base64');
	// Non-zero bits after the last full byte ("QR==") would decode like "QQ==": not the canonical form.
	return key.toString('base64') === encoded ? key : undefined;
}

/** What is wrong with one secret for a scheme, as a sentence; undefined when it is usable. */
export function secretProblem(scheme: WebhookScheme, secret: string): string | undefined {
	switch (scheme) {
		case 'stripe': {
			if (!secret.startsWith(SIGNING_SECRET_PREFIX))
				return "does not start with whsec_ (Stripe's endpoint signing secret does).";
			const bytes = Buffer.byteLength(secret.slice(SIGNING_SECRET_PREFIX.length), 'utf8');
			if (bytes < MIN_HMAC_KEY_BYTES) {
				return `has ${bytes} characters after whsec_; at least ${MIN_HMAC_KEY_BYTES} are required (Stripe's secrets have 32): copy the whole secret.`;
			}
			return undefined;
		}
		case 'standardWebhooks': {
			const key = standardWebhooksKey(secret);
			if (key === undefined) return 'is not whsec_<base64> or base64 (canonical, padded).';
			if (key.length < MIN_STANDARD_WEBHOOKS_KEY_BYTES) {
				return `decodes to ${key.length} bytes; Standard Webhooks secrets need at least ${MIN_STANDARD_WEBHOOKS_KEY_BYTES} (the specification asks for 24 to 64 random bytes).`;
			}
			return undefined;
		}
		case 'githubHmac': {
			const bytes = Buffer.byteLength(secret, 'utf8');
			return bytes < MIN_HMAC_KEY_BYTES
				? `is ${bytes} bytes long; HMAC secrets need at least ${MIN_HMAC_KEY_BYTES}: use a long random string.`
				: undefined;
		}
		case 'staticHeader':
			return secret.length < MIN_STATIC_KEY_CHARACTERS
				? `is shorter than ${MIN_STATIC_KEY_CHARACTERS} characters; use a long random key.`
				: undefined;
	}
}

/**
 * The refusal every delivery gets while the configured secrets are unusable: none configured, or
 * any one of them too short or malformed (a configuration error, never a weaker check).
 */
export function unusableSecretsRefusal(scheme: WebhookScheme, secrets: readonly string[]): Refused | undefined {
	if (secrets.length === 0)
		return refuse('missing_secret', `No ${SECRET_NAMES[scheme]} is configured, so no delivery is accepted.`);
	for (const [index, secret] of secrets.entries()) {
		const problem = secretProblem(scheme, secret);
		if (problem !== undefined) {
			return refuse(
				'invalid_secret',
				`Configured ${SECRET_NAMES[scheme]} ${index + 1} ${problem} No delivery is accepted until it is fixed.`,
			);
		}
	}
	return undefined;
}
