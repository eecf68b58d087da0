import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { SyncBridgeContractCheck } from '../../../nodes/SyncBridgeContractCheck/SyncBridgeContractCheck.node';
import { SyncBridgeXledger } from '../../../nodes/SyncBridgeXledger/SyncBridgeXledger.node';
import { glImportVariables, reimbursementLines } from '../../../runtime/connectors';
import { closeAllStores, openStore } from '../../../runtime/contracts/open-store';
import { FakeXledger } from '../../fakes/systems/fake-xledger';
import { executeContext, inputItems, type Credentials } from './fake-n8n-context';

interface Reimbursement extends IDataObject {
	invoiceNumber: string;
	voucherNumber: number;
	postedDate: string;
	amount: string;
	accountCode: string;
	text: string;
}

const reimbursement = (
	invoiceNumber: string,
	voucherNumber: number,
	amount: string,
	accountCode = '7140',
): Reimbursement => ({
	invoiceNumber,
	voucherNumber,
	postedDate: '2026-03-31',
	amount,
	accountCode,
	text: `Reimbursement ${invoiceNumber}`,
});

describe('SyncBridge Xledger export after Contract Check: each reimbursement booked once, changes as correction vouchers', () => {
	const xledger = new FakeXledger();
	let credentials: Credentials;
	let dir: string;
	let store: Record<string, unknown>;
	const synchronizationId = 'reimbursements-xledger';

	before(async () => {
		await xledger.start();
		credentials = { syncBridgeXledgerApi: { baseUrl: xledger.url, apiToken: xledger.apiToken } };
		dir = mkdtempSync(join(tmpdir(), 'syncbridge-xledger-'));
		store = { store: 'sqlite', sqlitePath: join(dir, 'contracts.sqlite') };
	});
	after(async () => {
		await closeAllStores();
		await xledger.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	async function check(records: Reimbursement[]): Promise<INodeExecutionData[][]> {
		const parameters = {
			synchronizationId,
			originIdPath: 'invoiceNumber',
			inboundSide: 'origin',
			volatileFields: 'voucherNumber',
			configVersion: '1',
			mappingVersion: '1',
			force: false,
			detectOrphans: false,
			...store,
		};
		const { context } = executeContext(parameters, inputItems(records), credentials);
		return new SyncBridgeContractCheck().execute.call(context);
	}

	async function exportItems(items: INodeExecutionData[]) {
		const fixed: Record<string, unknown> = {
			resource: 'accountingEntries',
			operation: 'exportReimbursements',
			payableAccount: '2930',
			options: { maxAttempts: 1 },
			...store,
		};
		const fields: Record<string, string> = {
			voucherNumber: 'voucherNumber',
			postedDate: 'postedDate',
			amount: 'amount',
			expenseAccount: 'accountCode',
			text: 'text',
			invoiceNumber: 'invoiceNumber',
		};
		const parameter = (name: string, index: number) =>
			name in fixed ? fixed[name] : name in fields ? items[index].json[fields[name]] : undefined;
		const { context, sent } = executeContext(parameter, items, credentials);
		const [success, errors] = await new SyncBridgeXledger().execute.call(context);
		return { success, errors, sent };
	}

	/** Check, then export new and changed, as the scenario 3 workflow wires it. */
	async function sync(records: Reimbursement[]) {
		const [fresh, changed, unchanged] = await check(records);
		const exported = await exportItems([...fresh, ...changed]);
		return { fresh, changed, unchanged, ...exported };
	}

	const linesOf = (invoiceNumber: string) =>
		xledger.items
			.filter((line) => line.invoiceNumber === invoiceNumber)
			.map((line) => [line.trRegNumber, line.amount, line.account.code]);
	const action = (item: INodeExecutionData) => (item.json._syncbridge as IDataObject).action;

	it('books each new reimbursement once; a rerun writes nothing', async () => {
		const first = await sync([reimbursement('R-1', 101, '48.60'), reimbursement('R-2', 201, '120.05', '7150')]);
		assert.deepEqual(first.success.map(action), ['exported', 'exported']);
		assert.equal(
			first.sent.filter((request) => String(request.body).includes('addGLImportItems')).length,
			1,
			'both vouchers in one mutation',
		);
		assert.deepEqual(linesOf('R-1'), [
			[101, '48.60', '7140'],
			[101, '-48.60', '2930'],
		]);
		assert.equal(
			(first.success[0].json._syncbridge as IDataObject).targetId,
			'101',
			'the contract points at the first voucher',
		);

		const again = await sync([reimbursement('R-1', 101, '48.60'), reimbursement('R-2', 201, '120.05', '7150')]);
		assert.equal(again.unchanged.length, 2);
		assert.equal(again.sent.length, 0, 'nothing checked, read or posted');
	});

	it('a changed amount is corrected by a voucher for the difference, the booked voucher untouched', async () => {
		const run = await sync([reimbursement('R-1', 102, '52.40'), reimbursement('R-2', 201, '120.05', '7150')]);
		assert.deepEqual(
			run.changed.map((item) => item.json.invoiceNumber),
			['R-1'],
		);
		assert.deepEqual(run.success.map(action), ['corrected']);
		assert.deepEqual(linesOf('R-1'), [
			[101, '48.60', '7140'],
			[101, '-48.60', '2930'],
			[102, '3.80', '7140'],
			[102, '-3.80', '2930'],
		]);
		assert.equal(xledger.items.find((line) => line.trRegNumber === 102)?.text, 'Correction: Reimbursement R-1');
		assert.equal((run.success[0].json._syncbridge as IDataObject).targetId, '101');
		assert.equal(
			(await sync([reimbursement('R-1', 102, '52.40'), reimbursement('R-2', 201, '120.05', '7150')])).sent.length,
			0,
		);
	});

	it('a changed expense account moves the amount between accounts; the payable stays', async () => {
		const run = await sync([reimbursement('R-2', 202, '120.05', '7160')]);
		assert.deepEqual(run.success.map(action), ['corrected']);
		assert.deepEqual(linesOf('R-2').slice(2), [
			[202, '120.05', '7160'],
			[202, '-120.05', '7150'],
		]);
	});

	it('a voucher posted before a crash (contract never recorded) is found in the ledger and not posted again', async () => {
		const lost = reimbursement('R-3', 301, '15.00');
		await fetch(`${xledger.url}/graphql`, {
			method: 'POST',
			headers: { authorization: `token ${xledger.apiToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				query:
					'mutation AddGLImportItems($inputs: [AddGLImportItemsInput!]!) { addGLImportItems(inputs: $inputs) { edges { node { dbId } } } }',
				variables: glImportVariables(reimbursementLines({ ...lost, expenseAccount: '7140', payableAccount: '2930' })),
			}),
		});
		const run = await sync([lost]);
		assert.deepEqual(run.success.map(action), ['already-booked']);
		assert.equal(linesOf('R-3').length, 2, 'still one voucher');
		assert.equal((await check([lost]))[2].length, 1, 'the contract is recorded now');
	});

	it('when Xledger fails the items go to Error with their contracts untouched, and the next run books them', async () => {
		xledger.unavailable = 503;
		const failed = await sync([reimbursement('R-4', 401, '9.99')]);
		assert.equal(failed.success.length, 0);
		assert.equal(failed.errors.length, 1);
		assert.equal(((failed.errors[0].json._syncbridge as IDataObject).error as IDataObject).code, 'RETRY_EXHAUSTED');
		assert.equal(linesOf('R-4').length, 0);

		xledger.unavailable = undefined;
		const retried = await sync([reimbursement('R-4', 401, '9.99')]);
		assert.equal(retried.fresh.length, 1, 'still new: nothing was recorded for it');
		assert.deepEqual(retried.success.map(action), ['exported']);
		assert.equal(linesOf('R-4').length, 2);
	});

	it('adds every export to the sync log', async () => {
		const contracts = await openStore({ kind: 'sqlite', path: String(store.sqlitePath) });
		const run = await contracts.getLastRun(synchronizationId);
		// All runs here share one execution id: booked; two corrections; R-3 found booked; R-4 failed once.
		assert.deepEqual(
			{ created: run?.created, updated: run?.updated, skipped: run?.skipped, failed: run?.failed },
			{ created: 3, updated: 2, skipped: 1, failed: 1 },
		);
	});
});
