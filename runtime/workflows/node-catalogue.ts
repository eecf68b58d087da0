import { isJsonObject } from './canonical-json';

/** One property of a node type's description (only what validation reads). */
export interface NodeProperty {
	name: string;
	type?: string;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	/** collection: properties; fixedCollection: groups of `values`; options: choices. */
	options?: unknown[];
	values?: NodeProperty[];
}

/** A node type description as n8n serves it in `/types/nodes.json`. */
export interface NodeTypeDescription {
	name: string;
	version: number | number[];
	properties: NodeProperty[];
}

export interface NodeTypeVersion {
	versions: number[];
	properties: NodeProperty[];
}

/** Node type name -> its descriptions (versioned nodes have one per group of versions). */
export type NodeCatalogue = Map<string, NodeTypeVersion[]>;

export function buildNodeCatalogue(descriptions: Iterable<unknown>): NodeCatalogue {
	const catalogue: NodeCatalogue = new Map();
	for (const description of descriptions) {
		if (!isJsonObject(description) || typeof description.name !== 'string') continue;
		const versions = (Array.isArray(description.version) ? description.version : [description.version]).filter(
			(version): version is number => typeof version === 'number',
		);
		const properties = Array.isArray(description.properties) ? (description.properties as unknown as NodeProperty[]) : [];
		const entries = catalogue.get(description.name) ?? [];
		entries.push({ versions, properties });
		catalogue.set(description.name, entries);
	}
	return catalogue;
}

/** The properties a node type has at one typeVersion, or undefined when that version does not exist. */
export function propertiesAt(catalogue: NodeCatalogue, type: string, typeVersion: number): NodeProperty[] | undefined {
	return catalogue.get(type)?.find((entry) => entry.versions.includes(typeVersion))?.properties;
}
