import type { Contract } from './contract';
import { StaleContractError, type ContractStore } from './contract-store';

/**
 * A raised mapping version routes every object `changed` once (classify.ts), but only an object whose
 * mapped body differs from the one last sent is written: for the rest the contract takes the new
 * mapping version, so the next check routes them `unchanged` without a request. A raised config
 * version re-sends every object: the configuration may name another target, operation or
 * credential, where an identical body still has to arrive.
 */
export async function adoptMappingVersion(
	store: ContractStore,
	contract: Contract,
	mappingVersion: string,
): Promise<void> {
	if (contract.mappingVersion === mappingVersion) return;
	// Lost to a concurrent writer: that writer's contract already reflects a write, nothing to adopt.
	await store.put({ ...contract, mappingVersion }, contract.revision).catch((error: unknown) => {
		if (!(error instanceof StaleContractError)) throw error;
	});
}
