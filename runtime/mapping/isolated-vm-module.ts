import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import type IsolatedVm from 'isolated-vm';

/**
 * isolated-vm is a native addon, and a process may load only one copy of it: n8n itself uses
 * isolated-vm, and a second copy (ours, in the community package's own node_modules) aborts the process
 * on load. So resolve it the way the host application does (from the main module's folder) and fall
 * back to our own copy in a plain script or test, where the two are the same.
 */
function loadIsolatedVm(): typeof IsolatedVm {
	const ownRequire = createRequire(__filename);
	const hostFolder = require.main?.filename === undefined ? undefined : dirname(require.main.filename);
	let resolved: string;
	try {
		resolved =
			hostFolder === undefined
				? ownRequire.resolve('isolated-vm')
				: ownRequire.resolve('isolated-vm', { paths: [hostFolder] });
	} catch {
		resolved = ownRequire.resolve('isolated-vm');
	}
	return ownRequire(resolved) as typeof IsolatedVm;
}

export const isolatedVm = loadIsolatedVm();
