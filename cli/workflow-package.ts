import { canonicalJson } from '../runtime/workflows/canonical-json';
import { gzippedTar } from './tar';

const packageId = /^[A-Za-z0-9_-]+$/;

/**
 * An n8n package (`.n8np`: gzipped tar, manifest.json first) holding one empty workflow with the given id and
 * name. Only used to create a workflow under a chosen id; its nodes arrive with the following update.
 */
export function workflowShellPackage(id: string, name: string): Buffer {
	if (!packageId.test(id)) throw new Error(`workflow id "${id}" may contain only letters, digits, "_" and "-"`);
	const target = `workflows/${id}`;
	const manifest = {
		packageFormatVersion: '1',
		exportedAt: new Date(0).toISOString(),
		sourceN8nVersion: 'syncbridge-workflows',
		sourceId: 'syncbridge-workflows',
		workflows: [{ id, name, target }],
	};
	const workflow = { id, name, nodes: [], connections: {}, settings: {}, parentFolderId: null, isArchived: false };
	return gzippedTar([
		{ path: 'manifest.json', content: canonicalJson(manifest) },
		{ path: `${target}/workflow.json`, content: canonicalJson(workflow) },
		{ path: `${target}/workflow-metadata.json`, content: canonicalJson({ publishedVersionId: null, versionId: '' }) },
	]);
}
