import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { canonicalJson, isJsonObject } from '../runtime/workflows/canonical-json';
import { parseVersion } from '../runtime/workflows/semantic-version';
import type { VolatileFields, WorkflowDocument } from '../runtime/workflows/workflow-document';

export interface WorkflowFile {
	path: string;
	document: WorkflowDocument;
}

/** Where `--sidecar` keeps volatile fields: a sub-folder, so that `n8n import:workflow --separate` never sees them. */
export const sidecarFolder = '.meta';

export function parseWorkflowDocument(text: string, path: string): WorkflowDocument {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new Error(`${path}: not JSON (${(error as Error).message})`);
	}
	if (!isJsonObject(value)) throw new Error(`${path}: not a workflow object`);
	for (const field of ['id', 'name', 'version'] as const) {
		if (typeof value[field] !== 'string') throw new Error(`${path}: "${field}" must be a string`);
	}
	if (!Array.isArray(value.nodes)) throw new Error(`${path}: "nodes" must be a list`);
	if (!isJsonObject(value.connections)) throw new Error(`${path}: "connections" must be an object`);
	parseVersion(value.version as string);
	return value as unknown as WorkflowDocument;
}

export async function readWorkflowFile(path: string): Promise<WorkflowFile> {
	return { path, document: parseWorkflowDocument(await readFile(path, 'utf8'), path) };
}

/** Every `*.json` workflow file directly in the folder, by file name; an absent folder is empty. */
export async function readWorkflowFolder(folder: string): Promise<WorkflowFile[]> {
	let names: string[];
	try {
		names = await readdir(folder);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const files = [];
	for (const name of names.filter((entry) => entry.endsWith('.json')).sort())
		files.push(await readWorkflowFile(join(folder, name)));
	const seen = new Map<string, string>();
	for (const file of files) {
		const other = seen.get(file.document.id);
		if (other) throw new Error(`${basename(file.path)} and ${basename(other)} both hold workflow ${file.document.id}`);
		seen.set(file.document.id, file.path);
	}
	return files;
}

export async function writeWorkflowFile(path: string, document: WorkflowDocument): Promise<void> {
	await writeFile(path, canonicalJson(document));
}

export async function writeSidecar(folder: string, slug: string, volatile: VolatileFields): Promise<void> {
	await mkdir(join(folder, sidecarFolder), { recursive: true });
	await writeFile(join(folder, sidecarFolder, `${slug}.json`), canonicalJson(volatile));
}

export async function removeFile(path: string): Promise<void> {
	await rm(path, { force: true });
}
