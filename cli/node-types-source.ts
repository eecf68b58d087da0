import { readFile } from 'node:fs/promises';

import { N8nApiError } from './n8n-public-api';

/**
 * The node type descriptions of a running n8n, as its editor loads them (`/types/nodes.json`, which includes
 * installed community packages such as SyncBridge). That file needs a logged-in session, not an API key, so
 * this logs in with e-mail and password first.
 */
export async function nodeTypesFromInstance(url: string, email: string, password: string): Promise<unknown[]> {
	const base = url.replace(/\/+$/, '');
	const browserId = 'syncbridge-workflows';
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	}).catch((error: Error) => {
		throw new N8nApiError(`cannot reach n8n at ${base}: ${String(error.cause ?? error.message)}`, 0);
	});
	if (!login.ok) throw new N8nApiError(`login to ${base} as ${email} failed: ${login.status}`, login.status);
	const cookie = login.headers
		.getSetCookie()
		.map((entry) => entry.split(';')[0])
		.join('; ');
	const response = await fetch(`${base}/types/nodes.json`, { headers: { cookie, 'browser-id': browserId } });
	if (!response.ok) throw new N8nApiError(`GET /types/nodes.json: ${response.status}`, response.status);
	const types = (await response.json()) as unknown;
	if (!Array.isArray(types)) throw new N8nApiError('/types/nodes.json is not a list of node types', 0);
	return types;
}

/** Node type descriptions from a file: an n8n `nodes.json` (e.g. `<N8N_USER_FOLDER>/.cache/n8n/public/types/nodes.json`). */
export async function nodeTypesFromFile(path: string): Promise<unknown[]> {
	const types = JSON.parse(await readFile(path, 'utf8')) as unknown;
	if (!Array.isArray(types)) throw new Error(`${path} is not a list of node type descriptions`);
	return types;
}
