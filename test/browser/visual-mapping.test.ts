import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import type { Page } from 'playwright-core';

import { artifactsDir } from '../../scripts/n8n/paths';
import { chooseFrom, drag, executeStep, inputField, pickOption, screenshot } from './editor-gestures';
import { EditorSession, saveWorkflow } from './editor-session';

const owner = { email: 'mapping-test@syncbridge.local', password: 'Mapping-Test-2026' };

/** Manual trigger -> a Code node returning one app user: the input a person maps from. */
const appUserWorkflow = {
	name: 'Map an app user',
	nodes: [
		{
			id: '5b1e5c00-0000-4000-8000-000000000001',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '5b1e5c00-0000-4000-8000-000000000002',
			name: 'App User',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: {
				jsCode: "return [{ json: { contact: { email: 'ada@example.test' }, fullName: 'Ada Lovelace' } }];",
			},
		},
	],
	connections: { Start: { main: [[{ node: 'App User', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

let editor: EditorSession;

before(async () => {
	editor = await EditorSession.start(owner);
	await mkdir(artifactsDir, { recursive: true });
});

after(async () => {
	await editor?.close();
});

/** Opens the app-user workflow, runs it so the Code node has output, and adds the Mapper after it from the node panel. */
async function addMapperAfterAppUser(page: Page): Promise<void> {
	await page.goto(`/workflow/${await saveWorkflow(page, appUserWorkflow)}`);
	await page.getByTestId('execute-workflow-button').click({ timeout: 60_000 });
	await page
		.locator('[data-test-id="canvas-node"][data-node-name="App User"] [data-test-id="canvas-node-status-success"]')
		.waitFor({ timeout: 60_000 });
	await page
		.locator(
			'[data-test-id="canvas-node-output-handle"][data-node-name="App User"] [data-test-id="canvas-handle-plus"]',
		)
		.first()
		.click();
	await page.getByTestId('node-creator-search-bar').fill('SyncBridge Mapper');
	await page.getByTestId('node-creator-item-name').getByText('SyncBridge Mapper', { exact: true }).click();
	// A community node opens its info panel first.
	await page.getByRole('button', { name: 'Add to workflow' }).click();
	await page.getByTestId('ndv').waitFor();
	await page.getByTestId('ndv-input-panel').getByTestId('run-data-schema-item').first().waitFor();
}

/** The first row of the output table, keyed by column header. */
async function firstOutputRow(page: Page): Promise<Record<string, string>> {
	const table = page.getByTestId('output-panel').getByTestId('ndv-data-container').locator('table');
	await table.locator('tbody tr').first().waitFor();
	const headers = await table.locator('thead th').allInnerTexts();
	const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
	// n8n adds an empty trailing column for its own controls.
	return Object.fromEntries(
		headers.map((header, index) => [header.trim(), (cells[index] ?? '').trim()]).filter(([header]) => header !== ''),
	);
}

/** Selects all in the document editor and pastes `text` from the clipboard, as Ctrl+A, Ctrl+V would. */
async function pasteDocument(page: Page, text: string): Promise<void> {
	await page.getByTestId('parameter-input-documentJson').locator('.cm-content').click();
	await page.keyboard.press('ControlOrMeta+A');
	// The page's navigator (this project compiles without DOM types).
	await page.evaluate(
		(clip) =>
			(navigator as unknown as { clipboard: { writeText(text: string): Promise<void> } }).clipboard.writeText(clip),
		text,
	);
	await page.keyboard.press('ControlOrMeta+V');
}

describe('visual mapping in the n8n editor', () => {
	test('a person adds the Mapper, picks Stripe › Customer, drags an input field onto email and reads the mapped value', async () => {
		const { context, page } = await editor.signedIn();
		await addMapperAfterAppUser(page);

		await pickOption(page, 'target', 'Stripe › Customer');
		const fields = page.getByTestId('mapping-fields-container');
		const email = fields.getByTestId('parameter-input-email');
		await email.waitFor({ timeout: 30_000 });
		for (const field of ['name', 'phone']) await fields.getByTestId(`parameter-input-${field}`).waitFor();
		await screenshot(page, 'visual-mapping-1-fields-loaded');

		await drag(page, inputField(page, 'email'), email);
		await assert.doesNotReject(
			email.getByText('{{ $json.contact.email }}').waitFor(),
			'the drop wrote the path of the dragged field',
		);
		// n8n's own preview of the dropped expression, under the field once it has resolved it.
		await fields
			.locator('.parameter-item')
			.filter({ has: page.getByTestId('parameter-input-email') })
			.getByText('ada@example.test')
			.first()
			.waitFor();
		await screenshot(page, 'visual-mapping-2-after-drop');

		await executeStep(page);
		await page.getByTestId('output-panel').getByText('Mapped Branch (1 item)').waitFor();
		const row = await firstOutputRow(page);
		await screenshot(page, 'visual-mapping-3-output');
		assert.equal(row.email, 'ada@example.test');
		await context.close();
	});

	test('a person fills a default and a condition in the panel; the item that matches is mapped with the default', async () => {
		const { context, page } = await editor.signedIn();
		await addMapperAfterAppUser(page);
		await pickOption(page, 'target', 'Stripe › Customer');
		const email = page.getByTestId('mapping-fields-container').getByTestId('parameter-input-email');
		await email.waitFor({ timeout: 30_000 });
		await drag(page, inputField(page, 'email'), email);

		const casts = page.getByTestId('fixed-collection-fieldOptions');
		await casts.getByRole('button', { name: 'Add Cast or Default' }).click();
		await chooseFrom(page, casts.getByTestId('parameter-input-field').first(), /^Phone/);
		await casts.getByTestId('parameter-input-defaultValue').locator('input, textarea').first().fill('+47 000');

		const condition = page.getByTestId('filter-conditions');
		const elsewhere = () => page.getByTestId('output-panel').click({ position: { x: 40, y: 300 } });
		await drag(page, inputField(page, 'fullName'), condition.getByTestId('parameter-input-left'));
		await condition.getByText('{{ $json.fullName }}').waitFor();
		await elsewhere();
		await condition.getByTestId('parameter-input-right').locator('input, textarea, .cm-content').first().click();
		await page.keyboard.type('Ada Lovelace');
		await elsewhere();
		// n8n's filter component hands its value to the workflow after a 1 s debounce; a run started sooner uses the old one.
		await page.waitForTimeout(2_000);
		await screenshot(page, 'visual-mapping-4-default-and-condition');

		await executeStep(page);
		await page.getByTestId('output-panel').getByText('Mapped Branch (1 item)').waitFor();
		assert.deepEqual(await firstOutputRow(page), { email: 'ada@example.test', phone: '+47 000' });
		await context.close();
	});

	test('a pasted Handlebars document keeps its templates; one holding an n8n expression fails red naming the field', async () => {
		const { context, page } = await editor.signedIn();
		await addMapperAfterAppUser(page);
		await pickOption(page, 'source', 'Pasted Document');

		const handlebars = {
			name: 'greeting',
			version: '1.0.0',
			mapping: { greeting: 'Hello {{fullName}}', email: 'contact.email' },
		};
		await pasteDocument(page, JSON.stringify(handlebars, null, 2));
		await executeStep(page);
		await page.getByTestId('output-panel').getByText('Mapped Branch (1 item)').waitFor();
		assert.deepEqual(await firstOutputRow(page), { greeting: 'Hello Ada Lovelace', email: 'ada@example.test' });
		await screenshot(page, 'pasted-document-output');

		const withExpression = {
			...handlebars,
			mapping: { ...handlebars.mapping, greeting: 'Hello {{ $json.fullName }}' },
		};
		await pasteDocument(page, JSON.stringify(withExpression, null, 2));
		await executeStep(page);
		const error = page.getByTestId('output-panel').getByTestId('node-error-message');
		await error.waitFor();
		await screenshot(page, 'pasted-document-expression-error');
		assert.equal(
			await page.getByTestId('output-panel').getByTestId('node-run-status-danger').count(),
			1,
			'the node failed red',
		);
		const message = await error.innerText();
		assert.match(message, /N8N_EXPRESSION_IN_DOCUMENT/);
		assert.match(message, /mapping\.greeting/);
		await context.close();
	});
});
