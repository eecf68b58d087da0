import { isJsonObject } from './canonical-json';
import { type NodeCatalogue, type NodeProperty, propertiesAt } from './node-catalogue';
import type { WorkflowDocument } from './workflow-document';

export type ValidationIssue =
	| { kind: 'unknown-node-type'; node: string; type: string }
	| { kind: 'unknown-type-version'; node: string; type: string; typeVersion: number; known: number[] }
	| { kind: 'unknown-parameter'; node: string; type: string; path: string };

type Condition = number | { _cnd?: Record<string, unknown> };

function matches(condition: Condition, version: number): boolean {
	if (typeof condition === 'number') return condition === version;
	const [operator, operand] = Object.entries(condition._cnd ?? {})[0] ?? [];
	switch (operator) {
		case 'eq':
			return version === operand;
		case 'not':
			return version !== operand;
		case 'gte':
			return version >= Number(operand);
		case 'gt':
			return version > Number(operand);
		case 'lte':
			return version <= Number(operand);
		case 'lt':
			return version < Number(operand);
		case 'between': {
			const { from, to } = operand as { from: number; to: number };
			return version >= from && version <= to;
		}
		default:
			// a condition this validator does not know: assume it holds rather than report a false error
			return true;
	}
}

/** Whether a property exists at this typeVersion: only `@version` display conditions are decisive here. */
function existsAt(property: NodeProperty, version: number): boolean {
	const show = property.displayOptions?.show?.['@version'] as Condition[] | undefined;
	const hide = property.displayOptions?.hide?.['@version'] as Condition[] | undefined;
	if (show && !show.some((condition) => matches(condition, version))) return false;
	if (hide && hide.some((condition) => matches(condition, version))) return false;
	return true;
}

function childProperties(properties: NodeProperty[]): NodeProperty[] {
	return properties.flatMap((property) =>
		property.type === 'collection' && Array.isArray(property.options) ? (property.options as NodeProperty[]) : [],
	);
}

function groups(properties: NodeProperty[]): NodeProperty[] {
	return properties.flatMap((property) =>
		property.type === 'fixedCollection' && Array.isArray(property.options) ? (property.options as NodeProperty[]) : [],
	);
}

/** Unknown names among `parameters`, descending into collections and fixed collections. */
function unknownParameters(parameters: Record<string, unknown>, properties: NodeProperty[], version: number, path: string): string[] {
	const unknown: string[] = [];
	for (const [name, value] of Object.entries(parameters)) {
		const here = path ? `${path}.${name}` : name;
		const candidates = properties.filter((property) => property.name === name && existsAt(property, version));
		if (candidates.length === 0) {
			unknown.push(here);
			continue;
		}
		if (!isJsonObject(value)) continue;
		const children = childProperties(candidates);
		if (children.length > 0) unknown.push(...unknownParameters(value, children, version, here));
		const fixedGroups = groups(candidates);
		if (fixedGroups.length === 0) continue;
		for (const [groupName, entries] of Object.entries(value)) {
			const group = fixedGroups.filter((candidate) => candidate.name === groupName);
			if (group.length === 0) {
				unknown.push(`${here}.${groupName}`);
				continue;
			}
			const groupProperties = group.flatMap((candidate) => candidate.values ?? []);
			const list = Array.isArray(entries) ? entries : [entries];
			list.forEach((entry, index) => {
				if (isJsonObject(entry)) {
					const entryPath = Array.isArray(entries) ? `${here}.${groupName}[${index}]` : `${here}.${groupName}`;
					unknown.push(...unknownParameters(entry, groupProperties, version, entryPath));
				}
			});
		}
	}
	return unknown;
}

/** Checks every node's type, typeVersion and parameter names against the node types an n8n instance has. */
export function validateWorkflow(document: WorkflowDocument, catalogue: NodeCatalogue): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	for (const node of document.nodes) {
		const versions = catalogue.get(node.type);
		if (!versions) {
			issues.push({ kind: 'unknown-node-type', node: node.name, type: node.type });
			continue;
		}
		const properties = propertiesAt(catalogue, node.type, node.typeVersion);
		if (!properties) {
			const known = [...new Set(versions.flatMap((entry) => entry.versions))].sort((a, b) => a - b);
			issues.push({ kind: 'unknown-type-version', node: node.name, type: node.type, typeVersion: node.typeVersion, known });
			continue;
		}
		for (const path of unknownParameters(node.parameters ?? {}, properties, node.typeVersion, '')) {
			issues.push({ kind: 'unknown-parameter', node: node.name, type: node.type, path });
		}
	}
	return issues;
}

export function formatIssue(issue: ValidationIssue): string {
	switch (issue.kind) {
		case 'unknown-node-type':
			return `node "${issue.node}": unknown node type ${issue.type}`;
		case 'unknown-type-version':
			return `node "${issue.node}": ${issue.type} has no typeVersion ${issue.typeVersion} (known: ${issue.known.join(', ')})`;
		case 'unknown-parameter':
			return `node "${issue.node}": ${issue.type} has no parameter ${issue.path}`;
	}
}
