import { contentHash } from '../../runtime/workflows/content-hash';
import { bindCredentials, type InstanceCredential } from '../../runtime/workflows/credential-stub';
import { pushedVersion } from '../../runtime/workflows/document-version';
import { normaliseWorkflow, toUpdatePayload } from '../../runtime/workflows/normalise';
import { putVersionTag } from '../../runtime/workflows/version-tag';
import type { WorkflowDocument, WorkflowNode } from '../../runtime/workflows/workflow-document';
import type { N8nPublicApi, Tag } from '../n8n-public-api';
import { type WorkflowFile, writeWorkflowFile } from '../workflow-folder';

export interface ImportOptions {
	api: N8nPublicApi;
	files: WorkflowFile[];
	publish: boolean;
	print: (line: string) => void;
}

export class MissingCredentialsError extends Error {}

/** Each file's nodes with credentials bound to the instance's ids; throws naming every stub it cannot bind. */
function bindAll(files: WorkflowFile[], credentials: InstanceCredential[]): Map<string, WorkflowNode[]> {
	const bound = new Map<string, WorkflowNode[]>();
	const missing: string[] = [];
	for (const { path, document } of files) {
		const nodes = document.nodes.map((node) => {
			const binding = bindCredentials(node.credentials, credentials);
			missing.push(...binding.missing.map((entry) => `${path}: node "${node.name}" needs credential ${entry}`));
			return binding.credentials ? { ...node, credentials: binding.credentials } : node;
		});
		bound.set(document.id, nodes);
	}
	if (missing.length > 0) {
		throw new MissingCredentialsError(
			`n8n has no credential with these names and types (create them, then import again):\n  ${missing.join('\n  ')}`,
		);
	}
	return bound;
}

/** Tag names -> ids, creating the tags n8n does not have yet. */
function tagResolver(api: N8nPublicApi): (names: string[]) => Promise<string[]> {
	let tags: Tag[] | undefined;
	return async (names) => {
		tags ??= await api.listTags();
		const ids = [];
		for (const name of names) {
			let tag = tags.find((candidate) => candidate.name === name);
			if (!tag) {
				tag = await api.createTag(name);
				tags.push(tag);
			}
			ids.push(tag.id);
		}
		return ids;
	};
}

const tagNames = (document: { tags?: Array<{ name: string }> } | undefined) =>
	(document?.tags ?? []).map((tag) => tag.name).join('\n');

/**
 * Files -> n8n, each workflow created or updated under the id in its file. Credentials are bound by name and
 * type before anything is written, so a missing credential leaves n8n untouched.
 */
export async function importWorkflows({ api, files, publish, print }: ImportOptions): Promise<void> {
	const boundNodes = bindAll(files, await api.listCredentials());
	const tagIds = tagResolver(api);

	for (const { path, document: fileDocument } of files) {
		const remote = await api.getWorkflow(fileDocument.id);
		const current = remote ? normaliseWorkflow(remote).document : undefined;
		const version = pushedVersion(fileDocument, current, current?.version);
		const document: WorkflowDocument = { ...fileDocument, version };
		if (version !== fileDocument.version) {
			const sameContent = current !== undefined && contentHash(current) === contentHash(fileDocument);
			print(
				`version    ${path}: ${fileDocument.version} -> ${version} (n8n has ${current?.version} with ${sameContent ? 'the same' : 'other'} content)`,
			);
			await writeWorkflowFile(path, document);
		}
		const unchanged =
			current !== undefined && current.version === version && contentHash(current) === contentHash(document);
		const published = remote?.active === true && remote.activeVersionId === remote.versionId;

		if (remote?.isArchived === true) await api.unarchiveWorkflow(document.id);
		if (!unchanged) {
			if (!remote) await api.createWorkflowWithId(document.id, document.name);
			const payload = toUpdatePayload(
				{ ...document, nodes: boundNodes.get(document.id) ?? document.nodes },
				putVersionTag(document.settings, version),
			);
			await api.updateWorkflow(document.id, payload, publish);
			if (tagNames(document) !== tagNames(current))
				await api.setWorkflowTags(document.id, await tagIds((document.tags ?? []).map((tag) => tag.name)));
		}
		if (publish && (!unchanged || !published)) await api.publishWorkflow(document.id, `v${version}`);

		const state = !remote ? 'created  ' : unchanged ? 'unchanged' : 'updated  ';
		const draft =
			!publish && remote?.active === true && !unchanged
				? ', saved as draft (published version unchanged; --publish to publish)'
				: '';
		print(`${state} ${document.id} ${path}  ${version}${publish ? ', published' : draft}`);
	}
}
