import { canonicalHash } from './canonical-hash';
import { classify, findOrphans, type Classification } from './classify';
import type { Contract, ContractState, Side } from './contract';
import type { ContractStore } from './contract-store';
import { originVersionOf, type OriginVersion } from './origin-version';
import { evaluateDeletePass, type DeletePassReport } from './delete-safety';
import { reportsDeletion } from './reported-deletion';

export interface CheckOptions {
	synchronizationId: string;
	configVersion: string;
	mappingVersion: string;
	force?: boolean;
	volatileFields?: readonly string[];
	/** Which system the objects come from; `origin` unless this is the return flow of a two-way sync. */
	inboundSide?: Side;
	/** Set only when the input is the complete set from the source: enables orphan detection. */
	completeSet?: {
		fetchComplete: boolean;
		fetchErrors: number;
		testRun: boolean;
		restrictDeletion?: boolean;
		requestedOriginIds?: readonly string[];
		threshold?: number;
	};
	/** Dot path of the origin version in each record (`origin-version.ts`); stale objects are routed unchanged. */
	originVersionField?: string;
	/**
	 * Dot path of a flag that is `true` on an object reported deleted on its side (`reported-deletion.ts`):
	 * routed orphaned when it has a contract, so its counterpart is deleted; unchanged when it has none.
	 */
	deletedFlagField?: string;
	/** When given, found/unchanged counts and timing are added to this run's log. */
	runId?: string;
}

export interface CheckedObject {
	index: number;
	inboundId: string;
	hash: string;
	originVersion: OriginVersion | undefined;
	classification: Classification;
	/** What the object's contract held when it was checked (its ids, hashes and versions), if it has one. */
	contract: ContractState | undefined;
}

export interface CheckResult {
	objects: CheckedObject[];
	/** Contracts approved for deletion (empty when no complete set or the pass refused). */
	orphans: Contract[];
	deletePass: DeletePassReport | undefined;
	durationMs: number;
}

/**
 * Hashes and classifies a batch of inbound objects with one bulk contract lookup; with a complete
 * set, also finds orphans and runs the delete-safety rule. Reads only: contracts change when the
 * write succeeds, not when an object is looked at.
 */
export async function checkBatch(
	store: ContractStore,
	options: CheckOptions,
	objects: readonly { inboundId: string; record: unknown }[],
): Promise<CheckResult> {
	const started = performance.now();
	const inboundSide = options.inboundSide ?? 'origin';
	const ids = objects.map((object) => object.inboundId);
	const contracts = await store.getStates(options.synchronizationId, inboundSide, ids);

	const checked = objects.map((object, index): CheckedObject => {
		const hash = canonicalHash(object.record, options.volatileFields);
		const contract = contracts.get(object.inboundId);
		const deleted = reportsDeletion(object.record, options.deletedFlagField);
		// A deletion is final whatever version it reports; many systems send the last state, not a newer one.
		const originVersion =
			inboundSide === 'origin' && !deleted ? originVersionOf(object.record, options.originVersionField) : undefined;
		const classification = classify({
			originVersion,
			hash,
			contract,
			configVersion: options.configVersion,
			mappingVersion: options.mappingVersion,
			force: options.force ?? false,
			inboundSide,
			deleted,
		});
		return { index, inboundId: object.inboundId, hash, originVersion, classification, contract };
	});

	let orphans: Contract[] = [];
	let deletePass: DeletePassReport | undefined;
	if (options.completeSet !== undefined && inboundSide === 'origin') {
		const known = await store.listOriginIds(options.synchronizationId);
		deletePass = evaluateDeletePass({
			...options.completeSet,
			orphanOriginIds: findOrphans(known, new Set(ids)),
			contractCount: known.length,
		});
		if (deletePass.allowed && deletePass.deletable.length > 0) {
			const found = await store.getMany(options.synchronizationId, deletePass.deletable);
			orphans = deletePass.deletable.map((id) => found.get(id)).filter((c): c is Contract => c !== undefined);
		}
	}

	const durationMs = performance.now() - started;
	if (options.runId !== undefined) {
		const unchanged = checked.filter((object) => object.classification.route === 'unchanged').length;
		await store.recordRun(
			options.synchronizationId,
			options.runId,
			{ found: objects.length, unchanged },
			{ checkMs: durationMs },
		);
		if (deletePass !== undefined && !deletePass.allowed && deletePass.candidates > 0) {
			await store.recordDeleteRefusal(options.synchronizationId, options.runId, deletePass);
		}
	}
	return { objects: checked, orphans, deletePass, durationMs };
}
