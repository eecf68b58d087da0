import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { type Browser, chromium, selectors } from 'playwright-core';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { ownerEnvironment } from '../../scripts/n8n/owner';
import { artifactsDir, repoRoot } from '../../scripts/n8n/paths';

/** The display names of every node the package registers, read from the built classes. */
function registeredNodeNames(): string[] {
	const manifest = require(join(repoRoot, 'package.json')) as { n8n: { nodes: string[] } };
	return manifest.n8n.nodes.map((file) => {
		const exported = require(join(repoRoot, file)) as Record<string, new () => { description: { displayName: string } }>;
		const [NodeClass] = Object.values(exported);
		return new NodeClass().description.displayName;
	});
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
	const items = page.getByTestId('node-creator-node-item');
	await items.filter({ hasText: 'SyncBridge' }).first().waitFor({ state: 'visible', timeout: 30_000 });
	await page.waitForTimeout(500); // let the panel's slide-in animation finish before the screenshot
	const names = await items.allInnerTexts();

	await mkdir(artifactsDir, { recursive: true });
	await page.screenshot({ path: join(artifactsDir, 'editor-node-panel.png') });

	const expected = registeredNodeNames();
	assert.ok(expected.length > 0);
	for (const displayName of expected) {
		assert.ok(names.some((name) => name.includes(displayName)), `"${displayName}" missing; the node panel shows: ${names.join(' | ')}`);
	}
	await context.close();
});
