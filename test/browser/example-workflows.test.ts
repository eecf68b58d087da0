import assert from 'node:assert/strict';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Locator, Page } from 'playwright-core';

import { artifactsDir, workflowsDir } from '../../scripts/n8n/paths';
import { EditorSession, saveWorkflow } from './editor-session';

const owner = { email: 'examples-test@syncbridge.local', password: 'Examples-Test-2026' };

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: Array<{ name: string; type: string }>;
}

/** What n8n says about a node that only lacks its credential: expected before the user creates one. */
const credentialNotSet = /credential/i;

let editor: EditorSession;
let page: Page;
const pageErrors: string[] = [];
let optionRequestsInFlight = 0;
const isOptionRequest = (url: string) => url.includes('/rest/dynamic-node-parameters/');

/** What the editor showed for one example: the nodes on its canvas, its issue badges and the issues in its SyncBridge nodes' panels. */
interface Observed {
	workflow: ExampleWorkflow;
	canvasNodes: string[];
	unknownNodes: number;
	canvasIssues: string[];
	panelIssues: string[];
}

const observed: Observed[] = [];

/**
 * Every example saved into an n8n where no credential exists yet, as a new user importing them would have
 * it, then opened once, each SyncBridge node's panel too; the tests below judge what was seen.
 */
before(async () => {
	editor = await EditorSession.start(owner);
	await mkdir(artifactsDir, { recursive: true });
	({ page } = await editor.signedIn());
	page.on('pageerror', (error) => pageErrors.push(error.message));
	page.on('request', (request) => void (isOptionRequest(request.url()) && optionRequestsInFlight++));
	page.on('requestfinished', (request) => void (isOptionRequest(request.url()) && optionRequestsInFlight--));
	page.on('requestfailed', (request) => void (isOptionRequest(request.url()) && optionRequestsInFlight--));
	for (const file of (await readdir(workflowsDir)).filter((name) => name.endsWith('.json')).sort()) {
		const workflow = JSON.parse(await readFile(join(workflowsDir, file), 'utf8')) as ExampleWorkflow;
		await saveWorkflow(page, workflow);
		observed.push(await observe(workflow));
	}
});

after(async () => {
	await editor?.close();
});

async function observe(workflow: ExampleWorkflow): Promise<Observed> {
	await page.goto(`/workflow/${workflow.id}`);
	const nodes = page.getByTestId('canvas-node');
	await nodes.first().waitFor({ timeout: 60_000 });
	const canvasNodes = await nodes.evaluateAll((elements) =>
		elements.map((element) => element.getAttribute('data-node-name') ?? ''),
	);
	const unknownNodes = await nodes.filter({ hasText: /install this node|not currently installed/i }).count();
	const issues = await canvasIssues();
	if (workflow.id === 'sbScenario5Users')
		await page.screenshot({ path: join(artifactsDir, 'example-workflow-scenario-5.png') });
	const panels: string[] = [];
	for (const node of workflow.nodes.filter((candidate) => candidate.type.startsWith('n8n-nodes-syncbridge.')))
		panels.push(...(await panelIssues(node.name)));
	return { workflow, canvasNodes, unknownNodes, canvasIssues: issues, panelIssues: panels };
}

/** Hovers an issue icon and returns the text of the tooltip n8n opens for it. */
async function hoverText(icon: Locator): Promise<string> {
	await icon.hover();
	const tooltip = page.locator('[role="tooltip"]:visible, .el-popper:visible').filter({ hasText: /\S/ }).last();
	await tooltip.waitFor();
	return (await tooltip.innerText()).replace(/\s+/g, ' ').trim();
}

/** What each issue badge on the canvas says, per node. */
async function canvasIssues(): Promise<string[]> {
	const found: string[] = [];
	for (const node of await page
		.getByTestId('canvas-node')
		.filter({ has: page.getByTestId('node-issues') })
		.all()) {
		found.push(
			`${await node.getAttribute('data-node-name')}: ${await hoverText(node.getByTestId('node-issues').first())}`,
		);
	}
	return found;
}

/** Opens a node's panel, lets its option lists load, and returns the parameters it marks with an issue. */
async function panelIssues(nodeName: string): Promise<string[]> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	const parameters = page.getByTestId('ndv').getByTestId('node-parameters');
	await parameters.waitFor();
	await settledOptionLists();
	const found: string[] = [];
	for (const item of await parameters
		.locator('.parameter-item')
		.filter({ has: page.getByTestId('parameter-issues') })
		.all()) {
		const label = (await item.getByTestId('input-label').first().innerText()).split('\n')[0];
		// A list that failed to load shows why in its input.
		const values = await item
			.locator('input')
			.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		found.push(`${nodeName} › ${label}: ${values.find((value) => /error/i.test(value)) ?? 'marked with an issue'}`);
	}
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
	return found;
}

/** Option lists load from the server after a panel opens; waits until none is in flight. */
async function settledOptionLists(): Promise<void> {
	await page.waitForTimeout(250); // the panel sends them right after it mounts
	const deadline = Date.now() + 15_000;
	while (optionRequestsInFlight > 0 && Date.now() < deadline) await page.waitForTimeout(50);
}

describe('example workflows in the editor before any credential exists', () => {
	test('every example opens with all its nodes known and no issue badge other than a missing credential', () => {
		assert.ok(observed.length > 0, 'workflows/ holds examples');
		for (const { workflow, canvasNodes, unknownNodes, canvasIssues } of observed) {
			assert.deepEqual(
				canvasNodes.sort(),
				workflow.nodes.map((node) => node.name).sort(),
				`${workflow.name}: every node is on the canvas`,
			);
			assert.equal(unknownNodes, 0, `${workflow.name}: no node of an unknown type`);
			assert.deepEqual(
				canvasIssues.filter((issue) => !credentialNotSet.test(issue)),
				[],
				workflow.name,
			);
		}
		assert.deepEqual(pageErrors, [], 'the editor raised no script error');
	});

	// The examples name their credentials with `id: null`: n8n binds them by name and type once such a credential
	// exists, and until then the panels' option lists load (a dangling credential id made n8n answer 403 to them).
	test('every SyncBridge node of every example opens its panel without an issue', () => {
		assert.deepEqual(
			observed.flatMap(({ workflow, panelIssues }) => panelIssues.map((issue) => `${workflow.name} › ${issue}`)),
			[],
		);
	});
});
