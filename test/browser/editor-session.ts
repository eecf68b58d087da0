import { type Browser, type BrowserContext, chromium, type Page, selectors } from 'playwright-core';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { ownerEnvironment, type OwnerAccount } from '../../scripts/n8n/owner';

const chromiumPath = process.env.SYNCBRIDGE_CHROMIUM ?? '/usr/bin/chromium';

/** A real n8n with SyncBridge installed and an owner account, and a headless Chromium to drive its editor. */
export class EditorSession {
	private constructor(
		readonly n8n: N8nInstance,
		readonly browser: Browser,
		readonly owner: OwnerAccount,
	) {}

	/** `prepare` runs on the stopped instance, e.g. to import the credentials a test picks in the editor. */
	static async start(owner: OwnerAccount, prepare?: (n8n: N8nInstance) => Promise<void>): Promise<EditorSession> {
		selectors.setTestIdAttribute('data-test-id');
		const n8n = await N8nInstance.create({ env: ownerEnvironment(owner) });
		await prepare?.(n8n);
		await n8n.start();
		const browser = await chromium.launch({
			executablePath: chromiumPath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		});
		return new EditorSession(n8n, browser, owner);
	}

	/** A new browser context signed in as the owner, allowed to use the clipboard for paste gestures. */
	async signedIn(): Promise<{ context: BrowserContext; page: Page }> {
		const context = await this.browser.newContext({
			baseURL: this.n8n.baseUrl,
			viewport: { width: 1440, height: 900 },
		});
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: this.n8n.baseUrl });
		const page = await context.newPage();
		await page.goto('/signin');
		await page.getByLabel(/email/i).fill(this.owner.email);
		await page.getByLabel(/password/i).fill(this.owner.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
		return { context, page };
	}

	async close(): Promise<void> {
		await this.browser?.close();
		await this.n8n?.dispose();
	}
}

/**
 * Saves a workflow through n8n's REST API as the signed-in editor does and returns its id. The
 * session cookie is bound to the browser id the editor keeps in local storage, so the call runs in the page.
 */
export async function saveWorkflow(page: Page, workflow: object): Promise<string> {
	const answer = await page.evaluate(async (body) => {
		const response = await fetch('/rest/workflows', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
			body: JSON.stringify(body),
		});
		return { status: response.status, text: await response.text() };
	}, workflow);
	if (answer.status !== 200) throw new Error(`saving the workflow failed (${answer.status}): ${answer.text}`);
	return (JSON.parse(answer.text) as { data: { id: string } }).data.id;
}
