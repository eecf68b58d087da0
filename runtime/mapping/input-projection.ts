import type { MappingDocument, Mapping } from './mapping-document';

/** Input fields a document reads: `true` for a whole value, a nested tree for some of an object's keys. */
export interface ProjectionTree {
	[key: string]: true | ProjectionTree;
}

const forbidden = new Set(['__proto__', 'constructor', 'prototype']);
const simpleTemplate = /^(?:[^{}\\]|\{\{\s*[A-Za-z_$][\w$-]*(?:\.[\w$-]+)*\s*\}\})*$/;
const templateToken = /\{\{\s*([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)\s*\}\}/g;

function add(tree: ProjectionTree, path: string): void {
	const parts = path.split('.');
	let node = tree;
	for (let i = 0; i < parts.length; i++) {
		const existing = node[parts[i]];
		if (existing === true) return;
		if (i === parts.length - 1) {
			node[parts[i]] = true;
			return;
		}
		node = existing ?? (node[parts[i]] = Object.create(null) as ProjectionTree);
	}
}

function collect(mapping: Mapping, tree: ProjectionTree): boolean {
	for (const value of Object.values(mapping)) {
		if (typeof value === 'string') {
			if (value.split(/[.{}\s]/).some((part) => forbidden.has(part))) return false;
			if (value.startsWith('$') || value === '' || value === '_root') return false;
			if (!value.includes('{{')) add(tree, value);
			else if (simpleTemplate.test(value)) for (const m of value.matchAll(templateToken)) add(tree, m[1]);
			else return false;
		} else if ('path' in value) {
			if (value.path.split('.').some((part) => forbidden.has(part))) return false;
			if (value.path === '' || value.path === '_root') return false;
			add(tree, value.path);
		} else if ('object' in value) {
			if (!collect(value.object, tree)) return false;
		} else if (!('const' in value)) return false;
	}
	return true;
}

/**
 * The fields a document can read, when that is knowable from the document alone (dot paths, constants,
 * plain `{{path}}` templates, nested objects); undefined when the whole record must be sent.
 */
export function projectionOf(doc: MappingDocument): ProjectionTree | undefined {
	if (doc.passThrough || doc.conditions !== undefined) return undefined;
	const tree = Object.create(null) as ProjectionTree;
	return collect(doc.mapping, tree) ? tree : undefined;
}

export type Projector = (record: unknown) => unknown;

/** Turns a tree into a copier (closures, no code generation): only the projected fields are copied; values that are not plain objects are copied whole. */
export function projector(tree: ProjectionTree): Projector {
	const entries = Object.keys(tree).map((key) => {
		const sub = tree[key];
		return { key, sub: sub === true ? undefined : projector(sub) };
	});
	return (record) => {
		if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
		const source = record as Record<string, unknown>;
		const out: Record<string, unknown> = {};
		for (let i = 0; i < entries.length; i++) {
			const { key, sub } = entries[i];
			if (!Object.hasOwn(source, key)) continue;
			out[key] = sub === undefined ? source[key] : sub(source[key]);
		}
		return out;
	};
}
