import { SyncBridgeError } from '../errors';
import type { Side } from './contract';
import type { ContractStore } from './contract-store';
import { idAtPath } from '../dot-path';

/**
 * A reference from an object to an object of another synchronization: a membership's member, an
 * enrollment's course. The reference holds the linked object's id on the same side as the object
 * (the app's member id in an app membership, the contact id in a Dynamics membership); the linked
 * synchronization's contracts pair it with the id on the other side.
 */
export interface LinkDefinition {
	/** Names the link in the item's metadata: `_syncbridge.links.<name>`. */
	name: string;
	/** Dot path of the linked object's id in the inbound object. */
	idPath: string;
	/** The synchronization whose contracts pair the linked object's ids. */
	synchronizationId: string;
}

export interface ResolvedLink {
	synchronizationId: string;
	/** The linked object's id as the inbound object holds it; null when the object links nothing. */
	id: string | null;
	/** The linked object's id on the other side; null while no contract pairs it (not synchronized yet). */
	linkedId: string | null;
}

/**
 * Resolves every link of every object with one bulk contract lookup per link: origin ids to target
 * ids for objects coming from the origin, target ids to origin ids for the return flow.
 */
export async function resolveLinks(
	store: ContractStore,
	inboundSide: Side,
	definitions: readonly LinkDefinition[],
	records: readonly unknown[],
): Promise<Record<string, ResolvedLink>[]> {
	const resolved = records.map((): Record<string, ResolvedLink> => ({}));
	for (const definition of definitions) {
		const ids = records.map((record) => idAtPath(record, definition.idPath) ?? null);
		const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
		const contracts =
			wanted.length === 0
				? new Map()
				: inboundSide === 'origin'
					? await store.getMany(definition.synchronizationId, wanted)
					: await store.getManyByTargetId(definition.synchronizationId, wanted);
		ids.forEach((id, index) => {
			const contract = id === null ? undefined : contracts.get(id);
			const linkedId = contract === undefined ? null : inboundSide === 'origin' ? contract.targetId : contract.originId;
			resolved[index][definition.name] = {
				synchronizationId: definition.synchronizationId,
				id,
				linkedId: linkedId ?? null,
			};
		});
	}
	return resolved;
}

/** Links that name an object no contract pairs yet: writing now would lose the reference. */
export function unresolvedLinks(
	links: Record<string, ResolvedLink> | undefined,
): Array<ResolvedLink & { name: string }> {
	return Object.entries(links ?? {})
		.filter(([, link]) => link.id !== null && link.linkedId === null)
		.map(([name, link]) => ({ name, ...link }));
}

/** The typed refusal Upsert reports for an item whose links are not resolved yet. */
export class UnresolvedLinkError extends SyncBridgeError {
	readonly code = 'LINK_UNRESOLVED';
	constructor(links: ReadonlyArray<ResolvedLink & { name: string }>) {
		super(
			`${links.map((link) => `Link '${link.name}' names '${link.id}', which synchronization '${link.synchronizationId}' has not written yet`).join('; ')}. ` +
				'Synchronize the linked object first, then run this item again.',
		);
		this.name = 'UnresolvedLinkError';
	}
}
