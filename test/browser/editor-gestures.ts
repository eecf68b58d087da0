import assert from 'node:assert/strict';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { artifactsDir } from '../../scripts/n8n/paths';

/** What a person does in n8n's node panel, for the editor tests. */

export function screenshot(page: Page, name: string): Promise<Buffer> {
	return page.screenshot({ path: join(artifactsDir, `${name}.png`) });
}

/** Opens a parameter's dropdown and picks the option showing `option`. */
export async function pickOption(page: Page, parameter: string, option: string | RegExp): Promise<void> {
	await chooseFrom(page, page.getByTestId(`parameter-input-${parameter}`), option);
}

/**
 * Opens the dropdown `input` and picks the option showing `option`. As a person would, it opens the dropdown
 * again when the option has not shown after a few seconds: on a loaded machine a click can land while the
 * panel re-renders (a value just dropped above), and the dropdown closes or opens before its options load.
 */
export async function chooseFrom(page: Page, input: Locator, option: string | RegExp): Promise<void> {
	const choice = page.getByRole('option').filter({ hasText: option }).first();
	for (let attempt = 1; ; attempt++) {
		await input.click();
		const shown = await choice.waitFor({ timeout: 7_500 }).then(
			() => true,
			(error: unknown) => {
				if (attempt === 4) throw error;
				return false;
			},
		);
		if (shown) break;
		// Only a dropdown that is open is closed: with none open, Escape would close the node's panel.
		if (await page.getByRole('option').first().isVisible()) await page.keyboard.press('Escape');
	}
	await choice.click();
}

/** A field of the input panel's schema view, by its name. */
export function inputField(page: Page, name: string): Locator {
	return page
		.getByTestId('ndv-input-panel')
		.getByTestId('run-data-schema-item')
		.locator('span')
		.filter({ hasText: new RegExp(`^${name}$`) })
		.first();
}

/** Presses the mouse on `source`, moves in steps as a hand would (n8n starts a drag only after movement) and releases on `target`. */
export async function drag(page: Page, source: Locator, target: Locator): Promise<void> {
	await target.scrollIntoViewIfNeeded();
	const from = await source.boundingBox();
	const to = await settledBox(page, target);
	assert.ok(from && to, 'both ends of the drag are on screen');
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 5 });
	await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
	await page.mouse.up();
}

/**
 * Where an element is once the panel stopped moving: a value just dropped on the field above shows its
 * preview a moment later and pushes the fields below down, as a person sees before aiming.
 */
async function settledBox(
	page: Page,
	element: Locator,
): Promise<{ x: number; y: number; width: number; height: number } | null> {
	let box = await element.boundingBox();
	for (let look = 0; look < 20; look++) {
		await page.waitForTimeout(100);
		const again = await element.boundingBox();
		if (again && box && again.x === box.x && again.y === box.y && again.height === box.height) return again;
		box = again;
	}
	return box;
}

/** Runs the open node and waits for its output panel to show success or failure. */
export async function executeStep(page: Page): Promise<void> {
	await page.getByTestId('node-execute-button').click();
	await page
		.getByTestId('output-panel')
		.getByTestId(/^node-run-status-(success|danger)$/)
		.waitFor({ timeout: 60_000 });
}
