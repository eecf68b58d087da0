import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput, nodeOutputOfAllRuns, type RunData } from '../../scripts/n8n/run-data';
import { FakeApp, type AppRecord } from '../fakes/app/fake-app';
import { FakeXledger } from '../fakes/systems/fake-xledger';
import { loadScenarioWorkflow } from '../support/scenario-workflow';

const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const exportNode = 'Export To Xledger';

type Claim = {
	claimNumber: number;
	status: 'submitted' | 'approved';
	approvedAt?: string;
	description: string;
	amount: string;
	currency: 'NOK';
	claimant: { name: string; employeeNumber: string };
	costCategory?: { ledgerAccount: string };
};

const claim = (claimNumber: number, fields: Partial<Claim>): Claim => ({
	claimNumber,
	status: 'approved',
	approvedAt: '2026-03-02T09:15:00Z',
	description: 'Train tickets to the regional meeting',
	amount: '48.60',
	currency: 'NOK',
	claimant: { name: 'Kari Nordmann', employeeNumber: 'E-0042' },
	costCategory: { ledgerAccount: '7140' },
	...fields,
});

const errorCode = (item: Record<string, unknown>) => (item._syncbridge as { error: { code: string } }).error.code;

describe('scenario 3: approved reimbursements become Xledger accounting entries, each exactly once', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let xledger: FakeXledger;
	let id: string;
	const reimbursements: Record<string, AppRecord> = {};

	/** The ledger's lines of one reimbursement: [voucher, amount, account]. */
	const ledgerOf = (reimbursement: AppRecord) =>
		xledger.items
			.filter((line) => line.invoiceNumber === reimbursement.id)
			.map((line) => [line.trRegNumber, line.amount, line.account.code]);
	/** What the ledger holds on the expense side of one reimbursement, in cents. */
	const bookedExpense = (reimbursement: AppRecord) =>
		xledger.items
			.filter((line) => line.invoiceNumber === reimbursement.id && line.account.code !== '2930')
			.reduce((cents, line) => cents + Math.round(Number(line.amount) * 100), 0);
	const mutations = () => xledger.requests.filter((request) => request.body.includes('addGLImportItems')).length;
	const exported = (run: RunData) =>
		nodeOutputOfAllRuns(run, exportNode, 0).map((item) => [
			item.invoiceNumber,
			(item._syncbridge as { action: string }).action,
		]);
	const failed = (run: RunData) =>
		nodeOutputOfAllRuns(run, exportNode, 1).map((item) => [item.invoiceNumber, errorCode(item)]);

	before(async () => {
		app = await new FakeApp({ resources: ['reimbursements'], signingSecret }).start();
		xledger = await new FakeXledger().start();
		reimbursements.train = await app.create('reimbursements', claim(4711, {}));
		reimbursements.pending = await app.create(
			'reimbursements',
			claim(4712, {
				status: 'submitted',
				approvedAt: undefined,
				description: 'Hotel',
				amount: '1250.00',
				costCategory: { ledgerAccount: '7130' },
			}),
		);
		reimbursements.course = await app.create(
			'reimbursements',
			claim(4713, { description: 'Course fee', amount: '120.05', costCategory: { ledgerAccount: '7150' } }),
		);
		reimbursements.uncategorised = await app.create(
			'reimbursements',
			claim(4714, { description: 'Parking', amount: '35.00', costCategory: undefined }),
		);
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: {
					baseUrl: app.url,
					headerName: 'X-App-Key',
					apiKey: app.apiKey,
					testPath: '/api/reimbursements?limit=1',
				},
			},
			{
				id: 'sbXledgerToken',
				name: 'Xledger API token',
				type: 'syncBridgeXledgerApi',
				data: { baseUrl: xledger.url, apiToken: xledger.apiToken },
			},
		]);
		id = await n8n.importWorkflow(await loadScenarioWorkflow('scenario-3-reimbursements-to-xledger.json', {}));
	});

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await xledger?.stop();
	});

	test('first export: one balanced voucher per approved reimbursement; the submitted one is skipped, the uncategorised one fails visibly', async () => {
		const run = await n8n.execute(id);

		assert.deepEqual(ledgerOf(reimbursements.train), [
			[4711001, '48.60', '7140'],
			[4711001, '-48.60', '2930'],
		]);
		assert.deepEqual(ledgerOf(reimbursements.course), [
			[4713001, '120.05', '7150'],
			[4713001, '-120.05', '2930'],
		]);
		assert.deepEqual(ledgerOf(reimbursements.pending), [], 'not approved: no accounting entry');
		assert.deepEqual(
			nodeOutput(run, 'Map To Voucher', 1).map((item) => [item.id, (item.error as { code: string }).code]),
			[[reimbursements.pending.id, 'CONDITIONS_NOT_MET']],
		);
		assert.deepEqual(exported(run), [
			[reimbursements.train.id, 'exported'],
			[reimbursements.course.id, 'exported'],
		]);
		assert.deepEqual(
			failed(run),
			[[reimbursements.uncategorised.id, 'INVALID_REIMBURSEMENT']],
			'an approved reimbursement without an expense account lands on the Error output',
		);
	});

	test('a rerun with nothing changed posts nothing; the failed one is still reported', async () => {
		const before = mutations();
		const linesBefore = xledger.items.length;
		const run = await n8n.execute(id);
		assert.equal(nodeOutput(run, 'Contract Check', 2).length, 2, 'both booked reimbursements unchanged');
		assert.equal(mutations(), before);
		assert.equal(xledger.items.length, linesBefore);
		assert.deepEqual(
			failed(run),
			[[reimbursements.uncategorised.id, 'INVALID_REIMBURSEMENT']],
			'not recorded, so not lost: it comes back until it is fixed',
		);
	});

	test('while Xledger is down nothing is booked and every pending item is on the Error output', async () => {
		await app.update('reimbursements', reimbursements.pending.id, {
			status: 'approved',
			approvedAt: '2026-03-05T10:00:00Z',
		});
		await app.update('reimbursements', reimbursements.train.id, { amount: '52.40' });
		await app.update('reimbursements', reimbursements.uncategorised.id, { costCategory: { ledgerAccount: '7160' } });
		xledger.unavailable = 503;
		const linesBefore = xledger.items.length;

		const run = await n8n.execute(id);
		assert.equal(xledger.items.length, linesBefore);
		assert.deepEqual(
			failed(run).sort(),
			[
				[reimbursements.pending.id, 'RETRY_EXHAUSTED'],
				[reimbursements.train.id, 'RETRY_EXHAUSTED'],
				[reimbursements.uncategorised.id, 'RETRY_EXHAUSTED'],
			].sort(),
		);
		xledger.unavailable = undefined;
	});

	test('Xledger back: the newly approved and the fixed one are booked, the changed one corrected by a voucher for the difference', async () => {
		const run = await n8n.execute(id);

		assert.deepEqual(
			exported(run).sort(),
			[
				[reimbursements.pending.id, 'exported'],
				[reimbursements.train.id, 'corrected'],
				[reimbursements.uncategorised.id, 'exported'],
			].sort(),
		);
		assert.deepEqual(failed(run), []);
		assert.deepEqual(
			ledgerOf(reimbursements.train),
			[
				[4711001, '48.60', '7140'],
				[4711001, '-48.60', '2930'],
				[4711002, '3.80', '7140'],
				[4711002, '-3.80', '2930'],
			],
			'the posted voucher stays; the correction has its own number',
		);
		assert.equal(
			xledger.items.find((line) => line.trRegNumber === 4711002)?.text,
			'Correction: Kari Nordmann: Train tickets to the regional meeting',
		);
		assert.deepEqual(ledgerOf(reimbursements.pending), [
			[4712002, '1250.00', '7130'],
			[4712002, '-1250.00', '2930'],
		]);
		assert.deepEqual(ledgerOf(reimbursements.uncategorised), [
			[4714002, '35.00', '7160'],
			[4714002, '-35.00', '2930'],
		]);
	});

	test('a final rerun posts nothing, and the ledger holds exactly each approved amount', async () => {
		const before = mutations();
		await n8n.execute(id);
		assert.equal(mutations(), before);
		for (const reimbursement of app.list('reimbursements')) {
			assert.equal(
				bookedExpense(reimbursement),
				Math.round(Number(reimbursement.amount) * 100),
				`${String(reimbursement.description)} booked once, at its approved amount`,
			);
		}
	});
});
