import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { artifactsDir, repoRoot } from '../../scripts/n8n/paths';
import { EditorSession } from './editor-session';

/** The display names of every node the package registers, read from the built classes. */
async function registeredNodeNames(): Promise<string[]> {
	const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return await Promise.all(
		manifest.n8n.nodes.map(async (file) => {
			const exported = (await import(pathToFileURL(join(repoRoot, file)).href)) as Record<
				string,
				new () => { description: { displayName: string } }
			>;
			const [NodeClass] = Object.values(exported);
			return new NodeClass().description.displayName;
		}),
	);
}

const owner = { email: 'editor-test@syncbridge.local', password: 'Editor-Test-2026' };
let editor: EditorSession;

before(async () => {
	editor = await EditorSession.start(owner);
});

after(async () => {
	await editor?.close();
});

test('the n8n editor lists the SyncBridge nodes in its node panel', async () => {
	const { context, page } = await editor.signedIn();

	await page.goto('/workflow/new');
	await page.getByTestId('canvas-add-button').click({ timeout: 60_000 });
	await page.getByTestId('node-creator-search-bar').fill('SyncBridge');
	// Nodes with actions and plain nodes render differently, but every entry has a name element.
	const names = page.getByTestId('node-creator-item-name');
	const registered = await registeredNodeNames();
	assert.ok(registered.length > 0);
	// n8n's panel shows "X Trigger" inside the entry of node "X" when both exist (one app, actions and triggers).
	const expected = [
		...new Set(
			registered.map((name) =>
				name.endsWith(' Trigger') && registered.includes(name.slice(0, -' Trigger'.length))
					? name.slice(0, -' Trigger'.length)
					: name,
			),
		),
	];
	const missing: string[] = [];
	for (const displayName of expected) {
		const item = names.getByText(displayName, { exact: true }).first();
		await item.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => missing.push(displayName));
	}
	await page.waitForTimeout(500); // let the panel's slide-in animation finish before the screenshot
	await mkdir(artifactsDir, { recursive: true });
	await page.screenshot({ path: join(artifactsDir, 'editor-node-panel.png') });

	assert.deepEqual(
		missing,
		[],
		`missing from the node panel, which shows: ${(await names.allInnerTexts()).join(' | ')}`,
	);
	await context.close();
});
