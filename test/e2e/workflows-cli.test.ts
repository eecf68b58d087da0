import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { ownerEnvironment } from '../../scripts/n8n/owner';
import { repoRoot, workflowsDir } from '../../scripts/n8n/paths';

// export from n8n A -> push into a fresh n8n B -> export again: the files must come back byte for byte.

const owner = { email: 'workflows-cli@syncbridge.local', password: 'Workflows-Cli-2026' };
const cliPath = join(repoRoot, 'dist', 'cli', 'syncbridge-workflows.js');

interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

function cli(args: string[]): Promise<CliResult> {
	const env = { ...process.env };
	for (const name of ['N8N_URL', 'N8N_API_KEY', 'N8N_EMAIL', 'N8N_PASSWORD']) delete env[name];
	return new Promise((resolve) => {
		execFile(process.execPath, [cliPath, ...args], { env }, (error, stdout, stderr) => {
			resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
		});
	});
}

/** The owner's session cookie: what the editor holds after signing in. */
async function ownerSession(n8n: N8nInstance): Promise<Record<string, string>> {
	const headers = { 'content-type': 'application/json', 'browser-id': 'workflows-cli-test' };
	const login = await fetch(`${n8n.baseUrl}/rest/login`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	assert.equal(login.status, 200, await login.clone().text());
	const cookie = login.headers
		.getSetCookie()
		.map((entry) => entry.split(';')[0])
		.join('; ');
	return { ...headers, cookie };
}

/** Creates an API key with every scope the owner may grant (Settings > n8n API in the editor). */
async function createApiKey(n8n: N8nInstance): Promise<string> {
	const headers = await ownerSession(n8n);
	const scopes = (
		(await (await fetch(`${n8n.baseUrl}/rest/api-keys/scopes`, { headers })).json()) as { data: string[] }
	).data;
	const created = await fetch(`${n8n.baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ label: 'workflows-cli', scopes, expiresAt: null }),
	});
	assert.equal(created.status, 200, await created.clone().text());
	return ((await created.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
}

async function nodeTypesOf(n8n: N8nInstance): Promise<unknown[]> {
	return (await (
		await fetch(`${n8n.baseUrl}/types/nodes.json`, { headers: await ownerSession(n8n) })
	).json()) as unknown[];
}

function publicApi(n8n: N8nInstance, apiKey: string) {
	return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${n8n.baseUrl}/api/v1${path}`, {
			method,
			headers: { 'X-N8N-API-KEY': apiKey, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
		return JSON.parse(text) as T;
	};
}

const credential = { name: 'CRM key', type: 'httpHeaderAuth', data: { name: 'X-API-Key', value: 'not-a-secret' } };

function ordersWorkflow(credentialId: string) {
	return {
		name: 'Orders to CRM',
		nodes: [
			{
				id: '5d0c5e0e-0a61-4c43-9a8e-0c1b8a1f0a01',
				name: 'Order webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '3f7f0e0a-4a8e-4e2b-9a51-2d1e7f4c9b10',
				parameters: { path: 'orders-e2e', httpMethod: 'POST', options: {} },
			},
			{
				id: '5d0c5e0e-0a61-4c43-9a8e-0c1b8a1f0a02',
				name: 'Create in CRM',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [220, 0],
				parameters: {
					method: 'POST',
					url: 'http://127.0.0.1:9/orders',
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					options: { timeout: 2000 },
				},
				credentials: { httpHeaderAuth: { id: credentialId, name: credential.name } },
			},
		],
		connections: { 'Order webhook': { main: [[{ node: 'Create in CRM', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', timezone: 'Europe/Oslo' },
	};
}

const nightlyWorkflow = {
	name: 'Nightly reconciliation',
	nodes: [
		{
			id: '7a1b2c3d-0000-4000-8000-000000000001',
			name: 'Every night',
			type: 'n8n-nodes-base.scheduleTrigger',
			typeVersion: 1.2,
			position: [0, 0],
			parameters: { rule: { interval: [{ field: 'days', triggerAtHour: 2 }] } },
		},
		{
			id: '7a1b2c3d-0000-4000-8000-000000000002',
			name: 'Mark run',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: { assignments: [{ id: 'a1', name: 'ranAt', value: '={{ $now.toISO() }}', type: 'string' }] },
				options: {},
			},
		},
	],
	connections: { 'Every night': { main: [[{ node: 'Mark run', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

let work: string;
let n8n: N8nInstance | undefined;

before(async () => {
	work = await mkdtemp(join(tmpdir(), 'syncbridge-workflows-cli-'));
});

after(async () => {
	await n8n?.dispose();
	await rm(work, { recursive: true, force: true });
});

async function folderBytes(folder: string): Promise<Map<string, string>> {
	const names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
	return new Map(
		await Promise.all(
			names.map(async (name) => [name, await readFile(join(folder, name), 'utf8')] as [string, string]),
		),
	);
}

test('export from n8n A, push into a fresh n8n B, export again: byte-identical files', async (t) => {
	const exportedFromA = join(work, 'from-a');
	const exportedFromB = join(work, 'from-b');
	const workflowIds: string[] = [];
	let apiKeyB = '';

	await t.test('n8n A: two workflows exported, one file each, normalised', async () => {
		n8n = await N8nInstance.create({ env: ownerEnvironment(owner) });
		await n8n.start();
		const apiKey = await createApiKey(n8n);
		const api = publicApi(n8n, apiKey);
		const { id: credentialId } = await api<{ id: string }>('POST', '/credentials', credential);
		const orders = await api<{ id: string }>('POST', '/workflows', ordersWorkflow(credentialId));
		const nightly = await api<{ id: string }>('POST', '/workflows', nightlyWorkflow);
		workflowIds.push(orders.id, nightly.id);
		const tag = await api<{ id: string }>('POST', '/tags', { name: 'crm' });
		await api('PUT', `/workflows/${orders.id}/tags`, [{ id: tag.id }]);
		await api('POST', `/workflows/${orders.id}/publish`, {});

		const result = await cli([
			'export',
			'--url',
			n8n.baseUrl,
			'--api-key',
			apiKey,
			'--dir',
			exportedFromA,
			'--sidecar',
		]);
		assert.equal(result.code, 0, result.stderr);
		const files = await folderBytes(exportedFromA);
		assert.deepEqual([...files.keys()], ['nightly-reconciliation.json', 'orders-to-crm.json']);

		const file = JSON.parse(files.get('orders-to-crm.json') as string);
		assert.equal(file.id, orders.id);
		assert.equal(file.version, '1.0.0');
		assert.deepEqual(file.tags, [{ name: 'crm' }]);
		for (const volatile of ['updatedAt', 'createdAt', 'versionId', 'staticData', 'pinData', 'active', 'meta', 'shared'])
			assert.equal(volatile in file, false, volatile);
		const http = file.nodes.find((node: { name: string }) => node.name === 'Create in CRM');
		assert.deepEqual(http.credentials, { httpHeaderAuth: { name: 'CRM key' } });
		const webhook = file.nodes.find((node: { name: string }) => node.name === 'Order webhook');
		assert.equal(webhook.id, '5d0c5e0e-0a61-4c43-9a8e-0c1b8a1f0a01');
		assert.equal(webhook.webhookId, '3f7f0e0a-4a8e-4e2b-9a51-2d1e7f4c9b10');
		const keys = Object.keys(file);
		assert.deepEqual(keys, [...keys].sort());

		const sidecar = JSON.parse(await readFile(join(exportedFromA, '.meta', 'orders-to-crm.json'), 'utf8'));
		assert.equal(sidecar.active, true);
		assert.equal(typeof sidecar.versionId, 'string');

		const again = await cli(['export', '--url', n8n.baseUrl, '--api-key', apiKey, '--dir', exportedFromA]);
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /unchanged .*orders-to-crm\.json {2}1\.0\.0/);
		assert.deepEqual(await folderBytes(exportedFromA), files);

		await n8n.dispose();
		n8n = undefined;
	});

	await t.test('n8n B: push creates both under the same ids, binds the credential by name, publishes', async () => {
		n8n = await N8nInstance.create({ env: ownerEnvironment(owner) });
		await n8n.start();
		const apiKey = await createApiKey(n8n);
		apiKeyB = apiKey;
		const api = publicApi(n8n, apiKey);

		const refused = await cli(['push', '--url', n8n.baseUrl, '--api-key', apiKey, '--dir', exportedFromA]);
		assert.equal(refused.code, 3);
		assert.match(refused.stderr, /node "Create in CRM" needs credential httpHeaderAuth: CRM key/);
		const untouched = await api<{ data: unknown[] }>('GET', '/workflows');
		assert.equal(untouched.data.length, 0, 'nothing is written when a credential is missing');

		const { id: credentialId } = await api<{ id: string }>('POST', '/credentials', credential);
		const pushed = await cli(['push', '--url', n8n.baseUrl, '--api-key', apiKey, '--dir', exportedFromA, '--publish']);
		assert.equal(pushed.code, 0, pushed.stderr);
		assert.equal(pushed.stdout.match(/^created /gm)?.length, 2, pushed.stdout);

		const [ordersId] = workflowIds;
		const orders = await api<{ id: string; active: boolean; nodes: Array<{ name: string; credentials?: unknown }> }>(
			'GET',
			`/workflows/${ordersId}`,
		);
		assert.equal(orders.id, ordersId);
		assert.equal(orders.active, true);
		assert.deepEqual(orders.nodes.find((node) => node.name === 'Create in CRM')?.credentials, {
			httpHeaderAuth: { id: credentialId, name: 'CRM key' },
		});
		// the webhook answers at the same production URL as on A
		let webhookStatus = 0;
		for (let attempt = 0; attempt < 20 && webhookStatus !== 200; attempt++) {
			webhookStatus = (
				await fetch(`${n8n.baseUrl}/webhook/orders-e2e`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: '{}',
				})
			).status;
			if (webhookStatus !== 200) await new Promise((wake) => setTimeout(wake, 250));
		}
		assert.equal(webhookStatus, 200);

		const exported = await cli(['export', '--url', n8n.baseUrl, '--api-key', apiKey, '--dir', exportedFromB]);
		assert.equal(exported.code, 0, exported.stderr);
		const fromA = await folderBytes(exportedFromA);
		const fromB = await folderBytes(exportedFromB);
		assert.deepEqual([...fromB.keys()], [...fromA.keys()]);
		for (const [name, bytes] of fromA) assert.equal(fromB.get(name), bytes, `${name} differs after the round trip`);

		const repeated = await cli(['push', '--url', n8n.baseUrl, '--api-key', apiKey, '--dir', exportedFromB]);
		assert.equal(repeated.code, 0, repeated.stderr);
		assert.equal(repeated.stdout.match(/^unchanged /gm)?.length, 2, repeated.stdout);
	});

	await t.test('diff reports a changed parameter, between files and against n8n', async () => {
		const changedFolder = join(work, 'changed');
		await mkdir(changedFolder, { recursive: true });
		const original = await readFile(join(exportedFromA, 'orders-to-crm.json'), 'utf8');
		await writeFile(
			join(changedFolder, 'orders-to-crm.json'),
			original.replace('"path": "orders-e2e"', '"path": "orders-e2e-v2"'),
		);
		await writeFile(
			join(changedFolder, 'nightly-reconciliation.json'),
			await readFile(join(exportedFromA, 'nightly-reconciliation.json'), 'utf8'),
		);

		const files = await cli([
			'diff',
			join(exportedFromA, 'orders-to-crm.json'),
			join(changedFolder, 'orders-to-crm.json'),
		]);
		assert.equal(files.code, 1);
		assert.match(files.stdout, /~ node "Order webhook" parameters\.path: "orders-e2e" -> "orders-e2e-v2"/);

		const same = await cli(['diff', exportedFromA, exportedFromB]);
		assert.equal(same.code, 0, same.stdout);
		assert.match(same.stdout, /no differences/);

		const remote = await cli([
			'diff',
			'--url',
			(n8n as N8nInstance).baseUrl,
			'--api-key',
			apiKeyB,
			'--dir',
			changedFolder,
		]);
		assert.equal(remote.code, 1);
		assert.match(
			remote.stdout,
			/~ workflow "Orders to CRM" .*\n {4}~ node "Order webhook" parameters\.path: "orders-e2e" -> "orders-e2e-v2"/,
		);
		assert.doesNotMatch(remote.stdout, /Nightly reconciliation/);
	});

	await t.test('a file edited by hand is pushed under a bumped version, written back to the file', async () => {
		const changedFile = join(work, 'changed', 'orders-to-crm.json');
		const pushed = await cli(['push', '--url', (n8n as N8nInstance).baseUrl, '--api-key', apiKeyB, changedFile]);
		assert.equal(pushed.code, 0, pushed.stderr);
		assert.match(pushed.stdout, /orders-to-crm\.json: 1\.0\.0 -> 1\.0\.1 \(n8n has 1\.0\.0 with other content\)/);
		assert.match(pushed.stdout, /updated .* 1\.0\.1, saved as draft/);
		assert.equal(JSON.parse(await readFile(changedFile, 'utf8')).version, '1.0.1');
		const remote = await cli(['diff', '--url', (n8n as N8nInstance).baseUrl, '--api-key', apiKeyB, changedFile]);
		assert.equal(remote.code, 0, remote.stdout);
	});

	await t.test('an edit in n8n bumps the version on the next export', async () => {
		const apiKey = apiKeyB;
		const api = publicApi(n8n as N8nInstance, apiKey);
		const [, nightlyId] = workflowIds;
		const current = await api<{
			name: string;
			nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
			connections: unknown;
			settings: unknown;
		}>('GET', `/workflows/${nightlyId}`);
		const schedule = current.nodes.find((node) => node.name === 'Every night');
		if (schedule) schedule.parameters = { rule: { interval: [{ field: 'days', triggerAtHour: 3 }] } };
		await api('PUT', `/workflows/${nightlyId}`, {
			name: current.name,
			nodes: current.nodes,
			connections: current.connections,
			settings: current.settings,
		});

		const result = await cli([
			'export',
			'--url',
			(n8n as N8nInstance).baseUrl,
			'--api-key',
			apiKey,
			'--dir',
			exportedFromB,
		]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /changed +.*nightly-reconciliation\.json {2}1\.0\.0 -> 1\.0\.1/);
		assert.equal(
			JSON.parse(await readFile(join(exportedFromB, 'nightly-reconciliation.json'), 'utf8')).version,
			'1.0.1',
		);
	});

	await t.test('validate flags an unknown node type and an unknown parameter against n8n B', async () => {
		const login = ['--url', (n8n as N8nInstance).baseUrl, '--email', owner.email, '--password', owner.password];
		const valid = await cli(['validate', '--dir', exportedFromA, ...login]);
		assert.equal(valid.code, 0, valid.stdout + valid.stderr);
		assert.match(valid.stdout, /2 workflow\(s\) valid/);

		const broken = JSON.parse(await readFile(join(exportedFromA, 'orders-to-crm.json'), 'utf8'));
		broken.nodes.push({
			id: 'x1',
			name: 'Mystery',
			type: 'n8n-nodes-base.doesNotExist',
			typeVersion: 1,
			position: [0, 200],
			parameters: {},
		});
		broken.nodes.find((node: { name: string }) => node.name === 'Create in CRM').parameters.urll = 'typo';
		const brokenPath = join(work, 'broken.json');
		await writeFile(brokenPath, JSON.stringify(broken));

		const invalid = await cli(['validate', brokenPath, ...login]);
		assert.equal(invalid.code, 1);
		assert.match(invalid.stdout, /node "Mystery": unknown node type n8n-nodes-base\.doesNotExist/);
		assert.match(invalid.stdout, /node "Create in CRM": n8n-nodes-base\.httpRequest has no parameter urll/);
		assert.match(invalid.stdout, /2 issue\(s\) in 1 workflow\(s\)/);

		// offline: the same node types from a file (what `n8n export:nodes --output=nodes.json` writes)
		const catalogPath = join(work, 'nodes.json');
		await writeFile(catalogPath, JSON.stringify(await nodeTypesOf(n8n as N8nInstance)));
		const offline = await cli(['validate', brokenPath, '--catalog', catalogPath]);
		assert.equal(offline.code, 1);
		assert.match(offline.stdout, /node "Mystery": unknown node type n8n-nodes-base\.doesNotExist/);
		assert.match(offline.stdout, /node "Create in CRM": n8n-nodes-base\.httpRequest has no parameter urll/);
	});

	await t.test(
		'every scenario workflow shipped in workflows/ is valid against n8n with SyncBridge installed',
		async () => {
			const login = ['--url', (n8n as N8nInstance).baseUrl, '--email', owner.email, '--password', owner.password];
			const shipped = (await readdir(workflowsDir)).filter((file) => file.endsWith('.json'));
			assert.ok(shipped.length >= 2);
			const result = await cli(['validate', '--dir', workflowsDir, ...login]);
			assert.equal(result.code, 0, result.stdout + result.stderr);
			assert.match(result.stdout, new RegExp(`${shipped.length} workflow\\(s\\) valid`));
		},
	);
});

test('usage errors exit with 2 and say what is missing', async () => {
	const noUrl = await cli(['export', '--dir', join(work, 'none')]);
	assert.equal(noUrl.code, 2);
	assert.match(noUrl.stderr, /--url \(or N8N_URL\) is required/);
	const unknown = await cli(['frobnicate']);
	assert.equal(unknown.code, 2);
	assert.match(unknown.stderr, /unknown command "frobnicate"/);
});
