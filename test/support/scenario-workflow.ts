import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { workflowsDir } from '../../scripts/n8n/paths';

/**
 * Reads an exported scenario workflow from `workflows/` and points its placeholder hosts
 * (`http://<system>.syncbridge.invalid`) at the fakes of this run; see docs/scenarios.md.
 */
export async function loadScenarioWorkflow(
	file: string,
	hosts: Record<string, string>,
): Promise<Record<string, unknown> & { id: string }> {
	let text = await readFile(join(workflowsDir, file), 'utf8');
	for (const [placeholder, url] of Object.entries(hosts)) text = text.split(placeholder).join(url);
	return JSON.parse(text) as Record<string, unknown> & { id: string };
}
