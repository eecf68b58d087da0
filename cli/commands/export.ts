import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { canonicalJson } from '../../runtime/workflows/canonical-json';
import { exportedVersion } from '../../runtime/workflows/document-version';
import { normaliseWorkflow, withVersion } from '../../runtime/workflows/normalise';
import { slugify } from '../../runtime/workflows/slug';
import type { N8nPublicApi } from '../n8n-public-api';
import { readWorkflowFolder, removeFile, writeSidecar, writeWorkflowFile } from '../workflow-folder';

export interface ExportOptions {
	api: N8nPublicApi;
	dir: string;
	sidecar: boolean;
	includeArchived: boolean;
	print: (line: string) => void;
}

/** n8n -> one normalised, versioned file per workflow in `dir`. */
export async function exportWorkflows({ api, dir, sidecar, includeArchived, print }: ExportOptions): Promise<void> {
	await mkdir(dir, { recursive: true });
	const previousById = new Map((await readWorkflowFolder(dir)).map((file) => [file.document.id, file]));
	const summaries = (await api.listWorkflows()).filter((workflow) => includeArchived || !workflow.isArchived);

	const slugs = summaries.map((workflow) => slugify(workflow.name));
	// files of workflows n8n no longer has keep their names; nothing exported may overwrite them
	const exportedIds = new Set(summaries.map((workflow) => workflow.id));
	const kept = new Set(
		[...previousById.values()].filter((file) => !exportedIds.has(file.document.id)).map((file) => file.path),
	);
	const exported = new Set<string>();
	for (const [index, summary] of summaries.entries()) {
		const raw = await api.getWorkflow(summary.id);
		if (!raw) continue; // deleted while exporting
		const { document, volatile } = normaliseWorkflow(raw);
		const carried = document.version;
		delete document.version;
		const previous = previousById.get(summary.id);
		const version = exportedVersion(document, carried, previous?.document);
		const versioned = withVersion(document, version);

		const shared =
			slugs.filter((other) => other === slugs[index]).length > 1 || kept.has(join(dir, `${slugs[index]}.json`));
		const slug = shared ? `${slugs[index]}-${summary.id}` : slugs[index];
		const path = join(dir, `${slug}.json`);
		if (previous && previous.path !== path) await removeFile(previous.path);
		await writeWorkflowFile(path, versioned);
		if (sidecar) await writeSidecar(dir, slug, volatile);
		exported.add(summary.id);

		const shown = relative(process.cwd(), path) || path;
		if (!previous) print(`new        ${shown}  ${version}`);
		else if (canonicalJson(previous.document) === canonicalJson(versioned) && previous.path === path)
			print(`unchanged  ${shown}  ${version}`);
		else print(`changed    ${shown}  ${previous.document.version} -> ${version}`);
	}
	for (const [id, file] of previousById) {
		if (!exported.has(id))
			print(`not in n8n ${relative(process.cwd(), file.path) || file.path} (workflow ${id}); left as it is`);
	}
}
