import { canonicalHash } from './canonical-hash';
import { classify, type Route } from './classify';
import type { Contract, Side } from './contract';
import type { PlannedAction, WriteContext, WriteItem, WriteOutcome } from './contract-writer';
import { isStale } from './origin-version';

/** What an inbound object needs, decided against its contract as it is now (under the object's lock). */
export type WriteDecision =
	| {
			kind: 'skip';
			outcome: Extract<WriteOutcome, { status: 'skipped' }>;
			/** The body is the one last sent: the contract only takes the raised mapping version. */
			adoptMappingVersion?: Contract;
	  }
	/** A contract without an id on the other side: nothing to delete there, only the contract. */
	| { kind: 'forget'; contract: Contract | undefined }
	| { kind: 'write'; action: 'create' | 'update' | 'delete'; writeId?: string };

/**
 * Echo, stale origin version, a write another worker already made, a body identical to the one last
 * sent, then the plan. A pure function of the item, its contract and the synchronization's settings.
 */
export function decideWrite(
	ctx: WriteContext,
	item: WriteItem,
	contract: Contract | undefined,
	writeSide: Side,
): WriteDecision {
	const inboundSide: Side = writeSide === 'target' ? 'origin' : 'target';
	const skip = (reason: 'echo' | 'stale' | 'unchanged'): WriteDecision => ({
		kind: 'skip',
		outcome: { status: 'skipped', reason },
	});
	if (item.route !== 'orphaned') {
		if (isEcho(contract, inboundSide, item.hash)) return skip('echo');
		if (inboundSide === 'origin' && isStale(item.originVersion, contract?.originVersion)) return skip('stale');
		if (!item.forced && alreadyWritten(ctx, contract, item.hash, inboundSide)) return skip('unchanged');
		if (!item.forced && contract !== undefined && sendsNothingNew(ctx, contract, item.body, writeSide))
			return { kind: 'skip', outcome: { status: 'skipped', reason: 'unchanged' }, adoptMappingVersion: contract };
	}
	const plan = planWrite(item.route, contract, writeSide);
	if (plan.action === 'none') return skip('unchanged');
	if (ctx.testRun)
		return { kind: 'skip', outcome: { status: 'skipped', reason: 'test-run', plannedAction: plan.action } };
	if (plan.action === 'forget') return { kind: 'forget', contract };
	return { kind: 'write', action: plan.action, writeId: plan.writeId };
}

/** Which write an inbound object needs, given its route and contract; a pure function. */
export function planWrite(
	route: Route,
	contract: Contract | undefined,
	writeSide: Side,
): { action: PlannedAction | 'none'; writeId?: string } {
	const writeId = contract === undefined ? undefined : writeSide === 'target' ? contract.targetId : contract.originId;
	if (route === 'unchanged') return { action: 'none' };
	if (route === 'orphaned') return writeId ? { action: 'delete', writeId } : { action: 'forget' };
	return writeId ? { action: 'update', writeId } : { action: 'create' };
}

/** Whether the inbound object is SyncBridge's own last write to that side coming back. */
export function isEcho(contract: Contract | undefined, inboundSide: Side, hash: string): boolean {
	if (contract === undefined) return false;
	const written = inboundSide === 'origin' ? contract.lastWrittenOriginHash : contract.lastWrittenTargetHash;
	return written !== null && written === hash;
}

/** Another writer already brought the contract to exactly this object since it was checked. */
function alreadyWritten(ctx: WriteContext, contract: Contract | undefined, hash: string, inboundSide: Side): boolean {
	if (contract === undefined) return false;
	const { route } = classify({
		hash,
		contract,
		configVersion: ctx.configVersion,
		mappingVersion: ctx.mappingVersion,
		force: false,
		inboundSide,
	});
	return route === 'unchanged';
}

/**
 * The inbound object changed, but not in anything this synchronization writes: the body is the one
 * last written to that side (a field the other side does not carry was edited, or a raised mapping
 * version maps it the same: mapping-version-raise.ts). Nothing to send.
 */
function sendsNothingNew(
	ctx: WriteContext,
	contract: Contract,
	body: Record<string, unknown>,
	writeSide: Side,
): boolean {
	if (contract.configVersion !== ctx.configVersion) return false;
	const [writtenId, sentHash] =
		writeSide === 'target' ? [contract.targetId, contract.targetHash] : [contract.originId, contract.originHash];
	return writtenId !== null && sentHash !== null && sentHash === canonicalHash(body, ctx.volatileFields);
}
