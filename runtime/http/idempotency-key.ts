import { hash } from 'node:crypto';

export interface IdempotencyKeyParts {
	synchronizationId: string;
	originId: string;
	originHash: string;
	action: string;
	/** The revision of the contract the write starts from (0 without one). */
	contractRevision: number;
}

/**
 * The same logical write always yields the same key, so a retry after a timeout, or a rerun after a
 * crash between the target write and the contract save (the contract is still at the revision the
 * write started from), is recognised by the target as a repeat. A changed origin (new hash) is a new
 * write and gets a new key; so is an origin back at an earlier content (A, B, A), whose write starts
 * from a later revision: a target that remembers keys would otherwise answer with the earlier write
 * and keep what it holds.
 */
export function idempotencyKey(parts: IdempotencyKeyParts): string {
	const digest = hash(
		'sha256',
		JSON.stringify([parts.synchronizationId, parts.originId, parts.originHash, parts.action, parts.contractRevision]),
		'hex',
	);
	return `sb-${digest.slice(0, 40)}`;
}
