import type { Route } from './classify';
import { checkBatch, type CheckOptions } from './contract-check';
import type { ContractStore } from './contract-store';
import { deliveryOf, metadataKey, withoutMetadata, type ItemMetadata, type PassedItem } from './item-metadata';
import { resolveLinks, type LinkDefinition } from './linked-objects';
import { idAtPath } from '../dot-path';

/** An input item with the id Contract Check routes it by. */
export interface InboundItem {
	index: number;
	inboundId: string;
	json: Record<string, unknown>;
}

/** Splits the input into items with an id at `originIdPath` and the positions of those without one. */
export function inboundItems(
	items: readonly Record<string, unknown>[],
	originIdPath: string,
): { inbound: InboundItem[]; withoutId: number[] } {
	const inbound: InboundItem[] = [];
	const withoutId: number[] = [];
	items.forEach((json, index) => {
		const inboundId = idAtPath(json, originIdPath);
		if (inboundId === undefined) withoutId.push(index);
		else inbound.push({ index, inboundId, json });
	});
	return { inbound, withoutId };
}

export interface CheckPassOptions extends CheckOptions {
	/** Names the run whose log the check adds to; carried to Upsert in every item. */
	runId: string;
	links?: readonly LinkDefinition[];
}

export interface CheckPassResult {
	/** Items by route, each with `_syncbridge` set. Orphans and a refused delete pass descend from input item 0. */
	routed: Record<Route, PassedItem[]>;
	/** Webhook deliveries whose objects need no write (routed unchanged): nothing downstream completes them. */
	completedDeliveries: string[];
}

/**
 * SyncBridge Contract Check's work: classifies the items against their contracts (one bulk lookup),
 * resolves linked objects, and annotates each item for Upsert; with a complete set, adds the orphans
 * and, when the delete pass refused, one report item on the orphaned route.
 */
export async function runCheckPass(
	store: ContractStore,
	inbound: readonly InboundItem[],
	options: CheckPassOptions,
): Promise<CheckPassResult> {
	const links = options.links ?? [];
	const records = inbound.map((item) => withoutMetadata(item.json));
	const result = await checkBatch(
		store,
		options,
		inbound.map((item, position) => ({ inboundId: item.inboundId, record: records[position] })),
	);
	const inboundSide = options.inboundSide ?? 'origin';
	const resolved = await resolveLinks(store, inboundSide, links, records);
	const base = {
		synchronizationId: options.synchronizationId,
		runId: options.runId,
		inboundSide,
		configVersion: options.configVersion,
		mappingVersion: options.mappingVersion,
	};
	const routed: Record<Route, PassedItem[]> = { new: [], changed: [], unchanged: [], orphaned: [] };
	for (const checked of result.objects) {
		const { index, json } = inbound[checked.index];
		const contract = checked.contract;
		const meta: ItemMetadata = {
			...base,
			inboundId: checked.inboundId,
			hash: checked.hash,
			route: checked.classification.route,
			reason: checked.classification.reason,
			targetId: contract === undefined ? null : inboundSide === 'origin' ? contract.targetId : contract.originId,
			...(checked.originVersion === undefined ? {} : { originVersion: checked.originVersion }),
			...deliveryOf(json),
			...(links.length === 0 ? {} : { links: resolved[checked.index] }),
		};
		routed[meta.route].push({ index, json: { ...json, [metadataKey]: meta } });
	}
	for (const orphan of result.orphans) {
		const meta: ItemMetadata = {
			...base,
			inboundId: orphan.originId,
			hash: orphan.originHash ?? '',
			route: 'orphaned',
			reason: 'not-in-source',
			targetId: orphan.targetId,
		};
		routed.orphaned.push({
			index: 0,
			json: { originId: orphan.originId, targetId: orphan.targetId, [metadataKey]: meta },
		});
	}
	const pass = result.deletePass;
	if (pass !== undefined && !pass.allowed && pass.candidates > 0) {
		const meta: ItemMetadata = {
			...base,
			inboundId: '',
			hash: '',
			route: 'orphaned',
			reason: 'not-in-source',
			targetId: null,
			deletePassRefused: pass,
		};
		routed.orphaned.push({ index: 0, json: { deletePass: { ...pass }, [metadataKey]: meta } });
	}
	const completedDeliveries = routed.unchanged
		.map((item) => (item.json[metadataKey] as ItemMetadata).delivery?.key)
		.filter((key): key is string => key !== undefined);
	return { routed, completedDeliveries };
}
