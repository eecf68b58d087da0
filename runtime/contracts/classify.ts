import { isStale, type OriginVersion } from './origin-version';
import type { ContractState, Side } from './contract';

export type Route = 'new' | 'changed' | 'unchanged' | 'orphaned';

export type RouteReason =
	| 'no-contract'
	| 'forced'
	| 'hash-changed'
	| 'config-changed'
	| 'mapping-changed'
	| 'target-missing'
	| 'up-to-date'
	| 'echo'
	| 'stale'
	| 'not-in-source'
	| 'deleted-at-source'
	| 'nothing-to-delete';

export interface Classification {
	route: Route;
	reason: RouteReason;
}

export interface ClassifyInput {
	/** Canonical hash of the inbound object. */
	hash: string;
	/** The contract found for it (by origin id, or by target id when the object comes from the target side). */
	contract: ContractState | undefined;
	configVersion: string;
	mappingVersion: string;
	force: boolean;
	/** Which system the object came from; `origin` for a one-way flow. */
	inboundSide?: Side;
	/** The inbound object's origin version, when the synchronization has an Origin Version Field. */
	originVersion?: OriginVersion;
	/** The inbound object reports its own deletion on its side (a `customer.deleted` event). */
	deleted?: boolean;
}

/**
 * The routing rule. An object is `unchanged` only when all of these hold:
 * its hash equals the one in the contract, the synchronization config and the mapping are the
 * versions of the last write, the contract has both the id and the hash of the other side, and force
 * is off. An object whose hash equals what SyncBridge itself last wrote to that side is our own
 * write coming back (an echo) and is routed `unchanged`, whatever else holds: forcing it would loop.
 * An object whose origin version is older than the contract's is `stale` and `unchanged` too.
 * An object reported deleted on its side is `orphaned`, so its counterpart is deleted; without a
 * contract there is no counterpart (never synchronized, or already deleted by SyncBridge).
 */
export function classify(input: ClassifyInput): Classification {
	const { contract } = input;
	if (input.deleted === true) {
		return contract === undefined
			? { route: 'unchanged', reason: 'nothing-to-delete' }
			: { route: 'orphaned', reason: 'deleted-at-source' };
	}
	if (contract === undefined) return { route: 'new', reason: 'no-contract' };
	const side = input.inboundSide ?? 'origin';
	const lastWrittenHere = side === 'origin' ? contract.lastWrittenOriginHash : contract.lastWrittenTargetHash;
	if (lastWrittenHere !== null && lastWrittenHere === input.hash) return { route: 'unchanged', reason: 'echo' };
	// Older than what was last written: never written, even when forced (that would roll the target back).
	if (side === 'origin' && isStale(input.originVersion, contract.originVersion))
		return { route: 'unchanged', reason: 'stale' };

	const knownHash = side === 'origin' ? contract.originHash : contract.targetHash;
	const otherId = side === 'origin' ? contract.targetId : contract.originId;
	const otherHash = side === 'origin' ? contract.targetHash : contract.originHash;
	if (input.force) return { route: 'changed', reason: 'forced' };
	if (otherId === null || otherId === '' || otherHash === null) return { route: 'changed', reason: 'target-missing' };
	if (knownHash !== input.hash) return { route: 'changed', reason: 'hash-changed' };
	if (contract.configVersion !== input.configVersion) return { route: 'changed', reason: 'config-changed' };
	if (contract.mappingVersion !== input.mappingVersion) return { route: 'changed', reason: 'mapping-changed' };
	return { route: 'unchanged', reason: 'up-to-date' };
}

/** Origin ids that have a contract but were not in a complete fetch. */
export function findOrphans(contractOriginIds: Iterable<string>, seenOriginIds: ReadonlySet<string>): string[] {
	const orphans: string[] = [];
	for (const id of contractOriginIds) if (!seenOriginIds.has(id)) orphans.push(id);
	return orphans;
}
