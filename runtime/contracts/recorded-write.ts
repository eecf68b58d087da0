import { emptyContract, type Contract } from './contract';
import { StaleContractError, type ContractStore } from './contract-store';
import type { ItemMetadata } from './item-metadata';

export interface RecordedWrite {
	/** The object's id on the target; a contract that already has one keeps it. */
	targetId: string;
	/** Hash of what the target holds for the object after the write. */
	writtenHash: string;
}

/**
 * Records in an item's contract a write that another node made, for systems the contract writer
 * cannot drive (an append-only ledger, where a change is a correction voucher, not an update), so
 * that the next Contract Check routes the object unchanged. Like the writer's commits it is
 * conditional on the revision read, and re-applied on top of a concurrent change.
 */
export async function recordWrite(
	store: ContractStore,
	meta: ItemMetadata,
	write: RecordedWrite,
	now: () => Date = () => new Date(),
): Promise<Contract> {
	if (meta.inboundSide !== 'origin')
		throw new Error(
			`Only origin -> target writes can be recorded (item ${meta.inboundId} came from the ${meta.inboundSide})`,
		);
	for (let attempt = 1; ; attempt++) {
		const current = await store.get(meta.synchronizationId, meta.inboundId);
		const stamp = now().toISOString();
		const base = current ?? emptyContract(meta.synchronizationId, meta.inboundId, stamp);
		const next: Contract = {
			...base,
			targetId: base.targetId ?? write.targetId,
			originHash: meta.hash,
			targetHash: write.writtenHash,
			lastWrittenTargetHash: write.writtenHash,
			lastWrittenOriginHash: null,
			configVersion: meta.configVersion,
			mappingVersion: meta.mappingVersion,
			lastAction: base.targetId === null ? 'create' : 'update',
			originVersion: meta.originVersion ?? base.originVersion,
			sourceLastChecked: stamp,
			targetLastSynced: stamp,
			updatedAt: stamp,
		};
		const saved = await store
			.put(next, current?.revision ?? 0)
			.catch((error: unknown) => undefinedWhenStale(error, attempt));
		if (saved !== undefined) return saved;
	}
}

/** A concurrent writer changed the contract: read it again and re-apply (a few times at most). */
function undefinedWhenStale(error: unknown, attempt: number): undefined {
	if (error instanceof StaleContractError && attempt < 5) return undefined;
	throw error;
}
