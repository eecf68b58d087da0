/** The two systems a synchronization connects: `origin` is the source of the one-way flow, `target` where it writes. */
export type Side = 'origin' | 'target';

export type ContractAction = 'create' | 'update' | 'delete' | 'echo' | 'parked';

/**
 * What SyncBridge remembers about one object of one synchronization, keyed by
 * (synchronizationId, originId). Hashes are `canonicalHash` values.
 */
export interface Contract {
	synchronizationId: string;
	originId: string;
	targetId: string | null;
	/** Hash of the origin object when it was last checked and written. */
	originHash: string | null;
	/** Hash of the target object as last known (what we wrote, or what the target last sent us). */
	targetHash: string | null;
	/** Hash of what SyncBridge itself last wrote to the origin side (two-way sync); its echo is dropped. */
	lastWrittenOriginHash: string | null;
	/** Hash of what SyncBridge itself last wrote to the target side. */
	lastWrittenTargetHash: string | null;
	/** Synchronization configuration and mapping versions in force at the last successful write. */
	configVersion: string | null;
	mappingVersion: string | null;
	lastAction: ContractAction | null;
	/**
	 * Origin version of the last write (see `origin-version.ts`): a number, or a timestamp as epoch
	 * milliseconds. Older inbound versions are stale and never written.
	 */
	originVersion: number | null;
	/** ISO timestamps. */
	sourceLastChecked: string | null;
	targetLastSynced: string | null;
	createdAt: string;
	updatedAt: string;
	/** Incremented by every store write; conditional writes compare it so concurrent workers never lose an update. */
	revision: number;
}

/** What a check classifies an object by (`classify`): the contract's ids, hashes and versions, read without the rest. */
export type ContractState = Pick<
	Contract,
	| 'originId'
	| 'targetId'
	| 'originHash'
	| 'targetHash'
	| 'lastWrittenOriginHash'
	| 'lastWrittenTargetHash'
	| 'configVersion'
	| 'mappingVersion'
	| 'originVersion'
>;

/** A contract before any write; `createdAt` is an ISO timestamp. */
export function emptyContract(
	synchronizationId: string,
	originId: string,
	createdAt: string = new Date().toISOString(),
): Contract {
	return {
		synchronizationId,
		originId,
		targetId: null,
		originHash: null,
		targetHash: null,
		lastWrittenOriginHash: null,
		lastWrittenTargetHash: null,
		configVersion: null,
		mappingVersion: null,
		lastAction: null,
		originVersion: null,
		sourceLastChecked: null,
		targetLastSynced: null,
		createdAt,
		updatedAt: createdAt,
		revision: 0,
	};
}
