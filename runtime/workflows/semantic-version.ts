import type { WorkflowChange } from './workflow-diff';

export type VersionBump = 'major' | 'minor' | 'patch' | 'none';

/**
 * How much a set of changes moves the version:
 * - major: something the workflow did is gone: a node removed, a node's type replaced, a connection removed;
 * - minor: the workflow does more: a node or a connection added (and nothing removed);
 * - patch: anything else: parameters, credentials, typeVersion, positions, name, settings, tags.
 */
export function versionBump(changes: readonly WorkflowChange[]): VersionBump {
	if (changes.length === 0) return 'none';
	if (changes.some((change) => ['node-removed', 'node-type-changed', 'connection-removed'].includes(change.kind))) return 'major';
	if (changes.some((change) => ['node-added', 'connection-added'].includes(change.kind))) return 'minor';
	return 'patch';
}

const semver = /^(\d+)\.(\d+)\.(\d+)$/;

export function parseVersion(version: string): [number, number, number] {
	const match = semver.exec(version);
	if (!match) throw new Error(`"${version}" is not a MAJOR.MINOR.PATCH version`);
	return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function bumpVersion(version: string, bump: VersionBump): string {
	const [major, minor, patch] = parseVersion(version);
	switch (bump) {
		case 'major':
			return `${major + 1}.0.0`;
		case 'minor':
			return `${major}.${minor + 1}.0`;
		case 'patch':
			return `${major}.${minor}.${patch + 1}`;
		case 'none':
			return version;
	}
}

export function compareVersions(a: string, b: string): number {
	const [left, right] = [parseVersion(a), parseVersion(b)];
	for (let index = 0; index < 3; index++) if (left[index] !== right[index]) return left[index] - right[index];
	return 0;
}

export const initialVersion = '1.0.0';
