import { join, resolve } from 'node:path';

/** The repository root, seen from the compiled file in dist/scripts/n8n/. */
export const repoRoot = resolve(__dirname, '..', '..', '..');
export const n8nHostDir = join(repoRoot, 'test', 'n8n-host');
export const n8nBin = join(n8nHostDir, 'node_modules', 'n8n', 'bin', 'n8n');
export const workflowsDir = join(repoRoot, 'workflows');
export const artifactsDir = join(repoRoot, 'test-artifacts');
