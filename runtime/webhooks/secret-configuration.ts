import { secretProblem } from './signing-secret';
import { isWebhookScheme, type WebhookScheme } from './webhook-scheme';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Problems with a credential's configuration, found without any delivery: the credential test
 * shows them, so a typo surfaces before the first webhook is refused. Empty means usable. The
 * verifiers refuse every delivery for the same problems.
 */
export function secretConfigurationProblems(
	scheme: WebhookScheme | string,
	secrets: readonly string[],
	headerName?: string,
): string[] {
	if (!isWebhookScheme(scheme)) return [`Unknown signature scheme "${scheme}".`];
	const problems: string[] = [];
	if (secrets.length === 0) problems.push('No secret is configured; every delivery would be refused.');
	if (
		scheme === 'staticHeader' &&
		headerName !== undefined &&
		headerName.trim() !== '' &&
		!HEADER_NAME.test(headerName.trim())
	) {
		problems.push(`"${headerName}" is not a valid HTTP header name.`);
	}
	secrets.forEach((secret, index) => {
		const problem = secretProblem(scheme, secret);
		if (problem !== undefined) problems.push(`Secret ${index + 1} ${problem}`);
	});
	return problems;
}
