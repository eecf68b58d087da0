import { contentHash } from './content-hash';
import { bumpVersion, compareVersions, initialVersion, versionBump } from './semantic-version';
import { diffWorkflows } from './workflow-diff';
import type { WorkflowDocument } from './workflow-document';

/**
 * The version an exported document gets. `carried` is the version n8n carried (see version-tag), `previous`
 * the file already on disk for the same workflow id.
 * - same content as `previous`: its version; changed content: `previous` bumped by the size of the change
 *   (see semantic-version); either way never below what n8n carried (another checkout may have pushed a
 *   newer version);
 * - no previous file: what n8n carried, or 1.0.0.
 */
export function exportedVersion(
	current: Omit<WorkflowDocument, 'version'>,
	carried: string | undefined,
	previous: WorkflowDocument | undefined,
): string {
	if (!previous) return carried ?? initialVersion;
	const next =
		contentHash(previous) === contentHash(current)
			? previous.version
			: bumpVersion(previous.version, versionBump(diffWorkflows(previous, { ...current, version: previous.version })));
	return carried && compareVersions(carried, next) > 0 ? carried : next;
}

/**
 * The version a file's content is pushed under. n8n holds `remote` at version `carried`; a file with other
 * content but no higher version was edited by hand without a bump (or is behind n8n), so its content gets
 * `carried` bumped by the size of the change. The same content keeps the higher of the two versions.
 */
export function pushedVersion(file: WorkflowDocument, remote: Omit<WorkflowDocument, 'version'> | undefined, carried: string | undefined): string {
	if (!remote || !carried || compareVersions(carried, file.version) < 0) return file.version;
	if (contentHash(remote) === contentHash(file)) return carried;
	const bump = versionBump(diffWorkflows({ ...remote, version: carried }, file));
	return bumpVersion(carried, bump === 'none' ? 'patch' : bump);
}
