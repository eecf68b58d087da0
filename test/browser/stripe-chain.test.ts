import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import type { Locator, Page } from 'playwright-core';

import { artifactsDir } from '../../scripts/n8n/paths';
import { FakeStripe } from '../fakes/systems/fake-stripe';
import { chooseFrom, drag, executeStep, inputField, pickOption, screenshot } from './editor-gestures';
import { EditorSession, saveWorkflow } from './editor-session';

const owner = { email: 'stripe-chain-test@syncbridge.local', password: 'Stripe-Chain-2026' };
const stripeCredentialName = 'Stripe (fake)';

/** Manual trigger -> a Code node returning two app users: where a person starts building the synchronization. */
const appUsersWorkflow = {
	name: 'App users to Stripe customers',
	nodes: [
		{
			id: '5b1e5c00-0000-4000-8000-000000000011',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '5b1e5c00-0000-4000-8000-000000000012',
			name: 'App Users',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: {
				jsCode: [
					'return [',
					"\t{ json: { id: 'u1', fullName: 'Ada Lovelace', contact: { email: 'ada@example.test' } } },",
					"\t{ json: { id: 'u2', fullName: 'Grace Hopper', contact: { email: 'grace@example.test' } } },",
					'];',
				].join('\n'),
			},
		},
	],
	connections: { Start: { main: [[{ node: 'App Users', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

let editor: EditorSession;
let stripe: FakeStripe;

before(async () => {
	stripe = await new FakeStripe().start();
	editor = await EditorSession.start(owner, (n8n) =>
		n8n.importCredentials([
			{
				id: 'sbStripeChain',
				name: stripeCredentialName,
				type: 'syncBridgeStripeApi',
				data: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			},
		]),
	);
	await mkdir(artifactsDir, { recursive: true });
});

after(async () => {
	await editor?.close();
	await stripe?.stop();
});

function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/** Clicks the + of a node's output (by index) and adds `nodeName` from the node panel; the new node's panel opens. */
async function addNodeAfter(page: Page, previous: string, output: number, nodeName: string): Promise<void> {
	// Brings a node added at the canvas edge out from under the canvas's own buttons.
	await page.getByTestId('zoom-to-fit').click();
	await page
		.locator(
			`[data-test-id="canvas-node-output-handle"][data-node-name="${previous}"][data-index="${output}"] [data-test-id="canvas-handle-plus"]`,
		)
		.click();
	await page.getByTestId('node-creator-search-bar').fill(nodeName);
	await page.getByTestId('node-creator-item-name').getByText(nodeName, { exact: true }).click();
	// A community node opens its info panel first.
	await page.getByRole('button', { name: 'Add to workflow' }).click();
	await page.getByTestId('ndv').waitFor();
}

async function closePanel(page: Page): Promise<void> {
	await page.getByTestId('ndv').getByTestId('ndv-close-button').or(page.getByTestId('back-to-canvas')).first().click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

async function typeText(page: Page, parameter: string, text: string): Promise<void> {
	const input = page.getByTestId(`parameter-input-${parameter}`).locator('input, textarea').first();
	await input.fill(text);
	await input.press('Tab');
}

/** Adds Contract Check, Mapper and Upsert after the app users with clicks, typing and drags, then runs the workflow. */
async function buildAndRunChain(page: Page): Promise<void> {
	await page.goto(`/workflow/${await saveWorkflow(page, appUsersWorkflow)}`);
	await page.getByTestId('execute-workflow-button').click({ timeout: 60_000 });
	await canvasNode(page, 'App Users').getByTestId('canvas-node-status-success').waitFor({ timeout: 60_000 });

	await addNodeAfter(page, 'App Users', 0, 'SyncBridge Contract Check');
	await typeText(page, 'synchronizationId', 'browser-app-users');
	await typeText(page, 'originIdPath', 'id');
	await executeStep(page);
	await page.getByTestId('output-panel').getByText('New Branch (2 items)').waitFor();
	await closePanel(page);

	await addNodeAfter(page, 'SyncBridge Contract Check', 0, 'SyncBridge Mapper');
	await page.getByTestId('ndv-input-panel').getByTestId('run-data-schema-item').first().waitFor();
	await pickOption(page, 'target', 'Stripe › Customer');
	const fields = page.getByTestId('mapping-fields-container');
	const email = fields.getByTestId('parameter-input-email');
	const name = fields.getByTestId('parameter-input-name');
	await email.waitFor({ timeout: 30_000 });
	await drag(page, inputField(page, 'email'), email);
	await email.getByText('{{ $json.contact.email }}').waitFor();
	await drag(page, inputField(page, 'fullName'), name);
	await name.getByText('{{ $json.fullName }}').waitFor();
	await executeStep(page);
	await page.getByTestId('output-panel').getByText('Mapped Branch (2 items)').waitFor();
	await screenshot(page, 'stripe-chain-1-mapper');
	await closePanel(page);

	await addNodeAfter(page, 'SyncBridge Mapper', 0, 'SyncBridge Upsert');
	await pickOption(page, 'target', /^Connector/);
	await pickOption(page, 'connector', /^Stripe/);
	await pickOption(page, 'resource', /^Customer/);
	await chooseFrom(page, page.getByTestId('node-credentials-select'), stripeCredentialName);
	await screenshot(page, 'stripe-chain-2-upsert-parameters');
	await closePanel(page);

	await page.getByTestId('zoom-to-fit').click();
	await page.getByTestId('execute-workflow-button').click();
	await canvasNode(page, 'SyncBridge Upsert').getByTestId('canvas-node-status-success').waitFor({ timeout: 60_000 });
	await page.getByText('Workflow executed successfully').waitFor();
	await screenshot(page, 'stripe-chain-3-canvas-after-run');

	// Upsert writes several items at once, so the customers arrive in either order.
	assert.deepEqual(
		stripe.customers
			.map((customer) => [customer.email, customer.name])
			.sort(([a], [b]) => String(a).localeCompare(String(b))),
		[
			['ada@example.test', 'Ada Lovelace'],
			['grace@example.test', 'Grace Hopper'],
		],
	);

	await canvasNode(page, 'SyncBridge Upsert').dblclick();
	const output = page.getByTestId('output-panel');
	await output.getByTestId('node-run-status-success').waitFor();
	await output.getByText('Success Branch (2 items)').waitFor();
	await screenshot(page, 'stripe-chain-4-upsert-output');
}

describe('building a synchronization to Stripe in the n8n editor', () => {
	test('a person chains Contract Check, Mapper and Upsert without JSON; running the workflow creates the Stripe customers', async () => {
		const { context, page } = await editor.signedIn();
		try {
			await buildAndRunChain(page);
		} catch (error) {
			await screenshot(page, 'stripe-chain-failure');
			throw error;
		} finally {
			await context.close();
		}
	});
});
