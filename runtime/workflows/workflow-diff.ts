import { isJsonObject } from './canonical-json';
import type { WorkflowDocument, WorkflowNode } from './workflow-document';

/** One difference between two versions of a workflow. Nodes are matched by id, so a rename is a change. */
export type WorkflowChange =
	| { kind: 'node-added'; node: string; type: string }
	| { kind: 'node-removed'; node: string; type: string }
	| { kind: 'node-type-changed'; node: string; before: string; after: string }
	| { kind: 'node-changed'; node: string; path: string; before: unknown; after: unknown }
	| { kind: 'connection-added'; connection: string }
	| { kind: 'connection-removed'; connection: string }
	| { kind: 'workflow-changed'; path: string; before: unknown; after: unknown };

type Path = Array<string | number>;

function without(value: object, keys: readonly string[]): Record<string, unknown> {
	return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function formatPath(path: Path): string {
	return path.reduce<string>((text, part) => {
		if (typeof part === 'number') return `${text}[${part}]`;
		const key = /^[A-Za-z_$][\w$]*$/.test(part) ? part : JSON.stringify(part);
		if (!text) return key;
		return key.startsWith('"') ? `${text}[${key}]` : `${text}.${key}`;
	}, '');
}

/** Leaf-level differences between two JSON values, each with its path. */
export function valueChanges(before: unknown, after: unknown, path: Path = []): Array<{ path: string; before: unknown; after: unknown }> {
	if (Object.is(before, after)) return [];
	if (Array.isArray(before) && Array.isArray(after)) {
		const changes = [];
		for (let index = 0; index < Math.max(before.length, after.length); index++) {
			changes.push(...valueChanges(before[index], after[index], [...path, index]));
		}
		return changes;
	}
	if (isJsonObject(before) && isJsonObject(after)) {
		const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
		return keys.flatMap((key) => valueChanges(before[key], after[key], [...path, key]));
	}
	return [{ path: formatPath(path), before, after }];
}

interface Edge {
	key: string;
	label: string;
}

/** Every connection as an edge between node ids (so renames do not look like rewiring), labelled by names. */
function edges(document: WorkflowDocument): Map<string, Edge> {
	const idByName = new Map(document.nodes.map((node) => [node.name, node.id]));
	const result = new Map<string, Edge>();
	for (const [source, byType] of Object.entries(document.connections ?? {})) {
		for (const [type, outputs] of Object.entries(byType ?? {})) {
			(outputs ?? []).forEach((targets, output) => {
				for (const target of targets ?? []) {
					const key = [idByName.get(source) ?? source, type, output, idByName.get(target.node) ?? target.node, target.type, target.index].join('\u0000');
					const label = `"${source}" ${type}[${output}] -> "${target.node}" ${target.type}[${target.index}]`;
					result.set(key, { key, label });
				}
			});
		}
	}
	return result;
}

function nodeChanges(before: WorkflowNode, after: WorkflowNode): WorkflowChange[] {
	if (before.type !== after.type) return [{ kind: 'node-type-changed', node: after.name, before: before.type, after: after.type }];
	return valueChanges(without(before, ['id']), without(after, ['id'])).map((change) => ({ kind: 'node-changed', node: before.name, ...change }));
}

/** The structural differences from `before` to `after`. */
export function diffWorkflows(before: WorkflowDocument, after: WorkflowDocument): WorkflowChange[] {
	const changes: WorkflowChange[] = [];
	const documentFields = ['nodes', 'connections', 'version'];
	for (const change of valueChanges(without(before, documentFields), without(after, documentFields))) changes.push({ kind: 'workflow-changed', ...change });

	const [beforeNodes, afterNodes] = [before.nodes, after.nodes];
	const afterById = new Map(afterNodes.map((node) => [node.id, node]));
	const beforeById = new Map(beforeNodes.map((node) => [node.id, node]));
	for (const node of beforeNodes) {
		const counterpart = afterById.get(node.id);
		if (!counterpart) changes.push({ kind: 'node-removed', node: node.name, type: node.type });
		else changes.push(...nodeChanges(node, counterpart));
	}
	for (const node of afterNodes) {
		if (!beforeById.has(node.id)) changes.push({ kind: 'node-added', node: node.name, type: node.type });
	}

	const beforeEdges = edges(before);
	const afterEdges = edges(after);
	for (const [key, edge] of beforeEdges) if (!afterEdges.has(key)) changes.push({ kind: 'connection-removed', connection: edge.label });
	for (const [key, edge] of afterEdges) if (!beforeEdges.has(key)) changes.push({ kind: 'connection-added', connection: edge.label });
	return changes;
}

function show(value: unknown): string {
	return value === undefined ? '(none)' : JSON.stringify(value);
}

/** One line per change, `+` added, `-` removed, `~` changed. */
export function formatChange(change: WorkflowChange): string {
	switch (change.kind) {
		case 'node-added':
			return `+ node "${change.node}" (${change.type})`;
		case 'node-removed':
			return `- node "${change.node}" (${change.type})`;
		case 'node-type-changed':
			return `~ node "${change.node}" type: ${change.before} -> ${change.after}`;
		case 'node-changed':
			return `~ node "${change.node}" ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
		case 'connection-added':
			return `+ connection ${change.connection}`;
		case 'connection-removed':
			return `- connection ${change.connection}`;
		case 'workflow-changed':
			return `~ ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
	}
}
