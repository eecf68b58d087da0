import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { type Browser, chromium, selectors } from 'playwright-core';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { ownerEnvironment } from '../../scripts/n8n/owner';
import { artifactsDir, repoRoot } from '../../scripts/n8n/paths';

/** The display names of every node the package registers, read from the built classes. */
async function registeredNodeNames(): Promise<string[]> {
	const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return await Promise.all(
		manifest.n8n.nodes.map(async (file) => {
			const exported = (await import(pathToFileURL(join(repoRoot, file)).href)) as Record<string, new () => { description: { displayName: string } }>;
			const [NodeClass] = Object.values(exported);
			return new NodeClass().description.displayName;
		}),
	);
}

const owner = { email: 'editor-test@syncbridge.local', password: 'Editor-Test-2026' };
const chromiumPath = process.env.SYNCBRIDGE_CHROMIUM ?? '/usr/bin/chromium';

let n8n: N8nInstance;
let browser: Browser;

before(async () => {
	selectors.setTestIdAttribute('data-test-id');
	n8n = await N8nInstance.create({ env: ownerEnvironment(owner) });
	await n8n.start();
	browser = await chromium.launch({
		executablePath: chromiumPath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
});

after(async () => {
	await browser?.close();
	await n8n?.dispose();
});

test('the n8n editor lists the SyncBridge nodes in its node panel', async () => {
	const context = await browser.newContext({ baseURL: n8n.baseUrl, viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();

	await page.goto('/signin');
	await page.getByLabel(/email/i).fill(owner.email);
	await page.getByLabel(/password/i).fill(owner.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });

	await page.goto('/workflow/new');
	await page.getByTestId('canvas-add-button').click({ timeout: 60_000 });
	await page.getByTestId('node-creator-search-bar').fill('SyncBridge');
	// Nodes with actions and plain nodes render differently, but every entry has a name element.
	const names = page.getByTestId('node-creator-item-name');
	const registered = await registeredNodeNames();
	assert.ok(registered.length > 0);
	// n8n's panel shows "X Trigger" inside the entry of node "X" when both exist (one app, actions and triggers).
	const expected = [...new Set(registered.map((name) => (name.endsWith(' Trigger') && registered.includes(name.slice(0, -' Trigger'.length)) ? name.slice(0, -' Trigger'.length) : name)))];
	const missing: string[] = [];
	for (const displayName of expected) {
		const item = names.getByText(displayName, { exact: true }).first();
		await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => missing.push(displayName));
	}
	await page.waitForTimeout(500); // let the panel's slide-in animation finish before the screenshot
	await mkdir(artifactsDir, { recursive: true });
	await page.screenshot({ path: join(artifactsDir, 'editor-node-panel.png') });

	assert.deepEqual(missing, [], `missing from the node panel, which shows: ${(await names.allInnerTexts()).join(' | ')}`);
	await context.close();
});
