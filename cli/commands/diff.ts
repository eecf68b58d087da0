import { stat } from 'node:fs/promises';

import { contentHash } from '../../runtime/workflows/content-hash';
import { normaliseWorkflow } from '../../runtime/workflows/normalise';
import { diffWorkflows, formatChange } from '../../runtime/workflows/workflow-diff';
import type { WorkflowDocument } from '../../runtime/workflows/workflow-document';
import type { N8nPublicApi } from '../n8n-public-api';
import { readWorkflowFile, readWorkflowFolder, type WorkflowFile } from '../workflow-folder';

interface Side {
	label: string;
	document: WorkflowDocument;
}

/** Prints the differences of each workflow (matched by id) and returns whether there were any. */
export function printDifferences(before: Side[], after: Side[], print: (line: string) => void): boolean {
	const afterById = new Map(after.map((side) => [side.document.id, side]));
	const beforeById = new Map(before.map((side) => [side.document.id, side]));
	let different = false;
	for (const old of before) {
		const next = afterById.get(old.document.id);
		if (!next) {
			print(`- workflow "${old.document.name}" (${old.document.id}) only in ${old.label}`);
			different = true;
			continue;
		}
		const changes = diffWorkflows(old.document, next.document);
		const versionChanged = old.document.version !== next.document.version;
		if (changes.length === 0 && !versionChanged) continue;
		different = true;
		print(
			`~ workflow "${next.document.name}" (${next.document.id}) ${old.document.version} -> ${next.document.version}  [${old.label} -> ${next.label}]`,
		);
		for (const change of changes) print(`    ${formatChange(change)}`);
	}
	for (const next of after) {
		if (!beforeById.has(next.document.id)) {
			print(`+ workflow "${next.document.name}" (${next.document.id}) only in ${next.label}`);
			different = true;
		}
	}
	return different;
}

async function load(path: string): Promise<WorkflowFile[]> {
	return (await stat(path)).isDirectory() ? await readWorkflowFolder(path) : [await readWorkflowFile(path)];
}

const sides = (files: WorkflowFile[]): Side[] => files.map((file) => ({ label: file.path, document: file.document }));

/** Two files or two folders. */
export async function diffPaths(before: string, after: string, print: (line: string) => void): Promise<boolean> {
	return printDifferences(sides(await load(before)), sides(await load(after)), print);
}

/** What `import` would change in n8n: n8n's workflows (before) against the files (after). */
export async function diffAgainstInstance(
	api: N8nPublicApi,
	files: WorkflowFile[],
	print: (line: string) => void,
): Promise<boolean> {
	const remote: Side[] = [];
	for (const file of files) {
		const raw = await api.getWorkflow(file.document.id);
		if (!raw) continue;
		const { document } = normaliseWorkflow(raw);
		const version = document.version ?? '(none)';
		const side = { label: 'n8n', document: { ...document, version } };
		// n8n carries no version for a workflow never pushed by this tool; equal content is then no difference
		if (!document.version && contentHash(side.document) === contentHash(file.document))
			side.document.version = file.document.version;
		remote.push(side);
	}
	return printDifferences(remote, sides(files), print);
}
