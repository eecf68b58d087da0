import { createHash } from 'node:crypto';

export interface IdempotencyKeyParts {
	synchronizationId: string;
	originId: string;
	originHash: string;
	action: string;
}

/**
 * The same logical write always yields the same key, so a retry after a timeout, or a rerun after a
 * crash between the target write and the contract save, is recognised by the target as a repeat.
 * A changed origin (new hash) is a new write and gets a new key.
 */
export function idempotencyKey(parts: IdempotencyKeyParts): string {
	const digest = createHash('sha256')
		.update(JSON.stringify([parts.synchronizationId, parts.originId, parts.originHash, parts.action]))
		.digest('hex');
	return `sb-${digest.slice(0, 40)}`;
}
