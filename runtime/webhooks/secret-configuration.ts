import { standardWebhooksKey } from './standard-webhooks-signature';
import type { WebhookScheme } from './webhook-scheme';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Problems with a credential's configuration, found without any delivery: the credential test
 * shows them, so a typo surfaces before the first webhook is refused. Empty means usable.
 */
export function secretConfigurationProblems(
	scheme: WebhookScheme | string,
	secrets: readonly string[],
	headerName?: string,
): string[] {
	const problems: string[] = [];
	if (secrets.length === 0) problems.push('No secret is configured; every delivery would be refused.');
	switch (scheme) {
		case 'stripe':
			secrets.forEach((secret, index) => {
				if (!secret.startsWith('whsec_')) {
					problems.push(`Secret ${index + 1} does not start with whsec_ (Stripe's endpoint signing secret does).`);
				}
			});
			break;
		case 'standardWebhooks':
			secrets.forEach((secret, index) => {
				if (standardWebhooksKey(secret) === undefined) {
					problems.push(`Secret ${index + 1} is not whsec_<base64> or base64.`);
				}
			});
			break;
		case 'githubHmac':
			break;
		case 'staticHeader':
			if (headerName !== undefined && headerName.trim() !== '' && !HEADER_NAME.test(headerName.trim())) {
				problems.push(`"${headerName}" is not a valid HTTP header name.`);
			}
			secrets.forEach((secret, index) => {
				if (secret.length < 16) problems.push(`Secret ${index + 1} is shorter than 16 characters; use a long random key.`);
			});
			break;
		default:
			problems.push(`Unknown signature scheme "${scheme}".`);
	}
	return problems;
}
