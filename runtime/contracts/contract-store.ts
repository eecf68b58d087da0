import { SyncBridgeError } from '../errors';
import type { Contract, ContractState, Side } from './contract';
import type { SyncCounts, SyncRun, SyncTimings } from './sync-run';

export type ContractChange =
	{ put: Contract; expectedRevision?: number } | { delete: { synchronizationId: string; originId: string } };

/** A confirmed write of a chunk: the contract change and the intent it clears. */
export interface CommittedWrite {
	intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>;
	change: ContractChange;
}

/** A write SyncBridge has started but not yet confirmed; a rerun after a crash finds it and reuses its key. */
export interface WriteIntent {
	synchronizationId: string;
	/** The side being written to. */
	side: Side;
	/** Id of the inbound object (origin id when writing to the target). */
	inboundId: string;
	action: 'create' | 'update' | 'delete';
	idempotencyKey: string;
	hash: string;
	createdAt: string;
}

/** An item whose write failed, kept with everything needed to replay it. */
export interface DeadLetter {
	id: number;
	synchronizationId: string;
	inboundId: string;
	action: string;
	/** The item as it entered the write (JSON). */
	payload: unknown;
	errorCode: string;
	errorMessage: string;
	createdAt: string;
}

export type NewDeadLetter = Omit<DeadLetter, 'id' | 'createdAt'>;

/** A field-level conflict held back for a person to decide. */
export interface ParkedConflict {
	id: number;
	synchronizationId: string;
	originId: string;
	fields: string[];
	/** Both versions and the merged proposal (JSON). */
	detail: unknown;
	createdAt: string;
}

export type NewParkedConflict = Omit<ParkedConflict, 'id' | 'createdAt'>;

export interface IntegrationStatus {
	synchronizationId: string;
	contracts: number;
	withTargetId: number;
	pendingIntents: number;
	deadLetters: number;
	parkedConflicts: number;
	lastRun: SyncRun | undefined;
}

/** A conditional write lost against a concurrent writer; reread and decide again. */
export class StaleContractError extends SyncBridgeError {
	readonly code = 'STALE_CONTRACT';
	constructor(
		readonly synchronizationId: string,
		readonly originId: string,
		readonly expectedRevision: number,
	) {
		super(
			`Contract ${synchronizationId}/${originId} changed concurrently (expected revision ${expectedRevision}); reread it and retry`,
		);
		this.name = 'StaleContractError';
	}
}

/**
 * Where contracts, run logs, dead letters, parked conflicts and write intents live. Two
 * implementations: SQLite (embedded default) and Postgres (n8n queue mode, several workers).
 * Every method is safe to call from concurrent workers of the same process or, for Postgres, of
 * several processes.
 */
export interface ContractStore {
	readonly kind: 'sqlite' | 'postgres';
	/** Creates tables when missing. Idempotent. */
	init(): Promise<void>;
	close(): Promise<void>;

	get(synchronizationId: string, originId: string): Promise<Contract | undefined>;
	getByTargetId(synchronizationId: string, targetId: string): Promise<Contract | undefined>;
	/** Bulk lookup; ids without a contract are absent from the map. */
	getMany(synchronizationId: string, originIds: readonly string[]): Promise<Map<string, Contract>>;
	getManyByTargetId(synchronizationId: string, targetIds: readonly string[]): Promise<Map<string, Contract>>;
	/**
	 * What a check classifies by, of the contracts of `ids`: origin ids, or target ids for objects that
	 * come from the target side. Reads only those columns; ids without a contract are absent.
	 */
	getStates(synchronizationId: string, side: Side, ids: readonly string[]): Promise<Map<string, ContractState>>;
	/** Every origin id of the synchronization (orphan detection). */
	listOriginIds(synchronizationId: string): Promise<string[]>;
	list(synchronizationId: string, options?: { limit?: number; afterOriginId?: string }): Promise<Contract[]>;
	count(synchronizationId: string): Promise<number>;
	/**
	 * Writes the contract. With `expectedRevision` the write only succeeds when the stored revision
	 * still equals it (0 = must not exist yet), else `StaleContractError`. Returns the stored contract
	 * with its new revision.
	 */
	put(contract: Contract, expectedRevision?: number): Promise<Contract>;
	/** Unconditional batch write in one transaction. */
	putMany(contracts: readonly Contract[]): Promise<void>;
	delete(synchronizationId: string, originId: string): Promise<boolean>;

	getIntent(synchronizationId: string, side: Side, inboundId: string): Promise<WriteIntent | undefined>;
	putIntent(intent: WriteIntent): Promise<void>;
	/**
	 * Records a confirmed target write: stores or deletes the contract and clears the intent in one
	 * transaction. With `expectedRevision` the put is conditional (see `put`) and nothing is committed
	 * when it is stale.
	 */
	commitWrite(
		intent: Pick<WriteIntent, 'synchronizationId' | 'side' | 'inboundId'>,
		change: ContractChange,
	): Promise<void>;
	clearIntent(synchronizationId: string, side: Side, inboundId: string): Promise<void>;
	/** Bulk lookup of intents on one side; inbound ids without one are absent from the map. */
	getIntents(synchronizationId: string, side: Side, inboundIds: readonly string[]): Promise<Map<string, WriteIntent>>;
	/** Stores a chunk's intents in one transaction (each replaces an earlier one of its object). */
	putIntents(intents: readonly WriteIntent[]): Promise<void>;
	/**
	 * `commitWrite` for a chunk, in one transaction: every change and every intent clear takes effect,
	 * or (a conditional put was stale: `StaleContractError`) none does.
	 */
	commitWrites(writes: readonly CommittedWrite[]): Promise<void>;

	/** Adds to the run's counters and timings, creating the run on first use. Atomic increments. */
	recordRun(
		synchronizationId: string,
		runId: string,
		counts: Partial<SyncCounts>,
		timings?: Partial<SyncTimings>,
	): Promise<void>;
	recordDeleteRefusal(synchronizationId: string, runId: string, report: unknown): Promise<void>;
	getRun(synchronizationId: string, runId: string): Promise<SyncRun | undefined>;
	getLastRun(synchronizationId: string): Promise<SyncRun | undefined>;

	addDeadLetter(letter: NewDeadLetter): Promise<number>;
	listDeadLetters(synchronizationId: string, limit?: number): Promise<DeadLetter[]>;
	deleteDeadLetter(id: number): Promise<void>;

	parkConflict(conflict: NewParkedConflict): Promise<number>;
	listParkedConflicts(synchronizationId: string, limit?: number): Promise<ParkedConflict[]>;
	deleteParkedConflict(id: number): Promise<void>;

	status(synchronizationId: string): Promise<IntegrationStatus>;

	/**
	 * Runs `work` while holding the write lock of one object: no other writer of the same
	 * (synchronizationId, originId) runs in between, in this process or (Postgres) any other. Held
	 * across re-read contract -> decide -> target call -> commit, so the target ends on the newest version.
	 */
	withObjectLock<T>(synchronizationId: string, originId: string, work: () => Promise<T>): Promise<T>;
	/** `withObjectLock` for a chunk: holds the locks of all these objects (taken in one fixed order, so chunks never deadlock). */
	withObjectLocks<T>(synchronizationId: string, originIds: readonly string[], work: () => Promise<T>): Promise<T>;
}
