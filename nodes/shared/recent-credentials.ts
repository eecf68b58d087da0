import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { ShortLivedCache } from '../../runtime/webhooks/short-lived-cache';

/**
 * n8n 2.41 resolves a credential read from a webhook method in a fresh expression isolate, created
 * and disposed per call (about 20 ms of CPU, most of a delivery's cost). Triggers therefore keep a
 * credential for this long; an edit reaches them within it, and a delivery signed with a secret the
 * cached copy does not know re-reads the credential at once (see the Webhook Trigger).
 */
export const CREDENTIAL_CACHE_SECONDS = 30;

const cache = new ShortLivedCache<ICredentialDataDecryptedObject>(CREDENTIAL_CACHE_SECONDS * 1000);

export interface RecentCredentials {
	data: ICredentialDataDecryptedObject;
	/** True when the data came from the cache (it may predate an edit of the credential). */
	cached: boolean;
}

/** The node's credential of this type, from the cache unless `fresh` or expired. */
export async function recentCredentials(
	context: IWebhookFunctions,
	type: string,
	{ fresh = false } = {},
): Promise<RecentCredentials> {
	const key = JSON.stringify([type, context.getNode().credentials?.[type]?.id ?? '']);
	const hit = fresh ? undefined : cache.get(key);
	if (hit !== undefined) return { data: hit, cached: true };
	const data = await context.getCredentials<ICredentialDataDecryptedObject>(type);
	cache.set(key, data);
	return { data, cached: false };
}
