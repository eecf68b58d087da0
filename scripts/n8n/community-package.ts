import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './paths';

const run = promisify(execFile);
export const packageName = 'n8n-nodes-syncbridge';

let packed: Promise<string> | undefined;

/** `npm pack` of the built repository, once per process: the tarball users would get from the registry. */
export async function packSyncBridge(): Promise<string> {
	packed ??= (async () => {
		const destination = await mkdtemp(join(tmpdir(), 'syncbridge-pack-'));
		const { stdout } = await run('npm', ['pack', '--pack-destination', destination, '--json', '--ignore-scripts'], {
			cwd: repoRoot,
		});
		const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
		return join(destination, filename);
	})();
	return await packed;
}

/**
 * Installs the tarball into `<n8nFolder>/nodes` the way n8n's community-package installer does:
 * unpacked into nodes/node_modules/<name>, dev/peer/optional dependencies dropped, production
 * dependencies installed without scripts, and the dependency recorded in nodes/package.json.
 */
export async function installCommunityPackage(n8nFolder: string, tarball: string): Promise<string> {
	const nodesDir = join(n8nFolder, 'nodes');
	const packageDir = join(nodesDir, 'node_modules', packageName);
	await rm(packageDir, { recursive: true, force: true });
	await mkdir(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);

	const manifestPath = join(packageDir, 'package.json');
	const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown> & { version: string };
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
	await run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDir },
	);
	await writeFile(
		join(nodesDir, 'package.json'),
		JSON.stringify(
			{ name: 'installed-nodes', private: true, dependencies: { [packageName]: manifest.version } },
			null,
			2,
		),
	);
	return packageDir;
}
