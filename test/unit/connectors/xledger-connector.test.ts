import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	buildRequest,
	extractId,
	extractResults,
	glImportVariables,
	readErrorMessage,
	readRateLimit,
	voucherAgainstLedger,
	xledgerConnector,
} from '../../../runtime/connectors';
import { FakeXledger } from '../../fakes/systems/fake-xledger';
import { call, fetchAll } from './connector-client';

/** One approved reimbursement as a balanced voucher: expense debit, employee payable credit. */
function reimbursementVoucher(voucher: number, amount: string, employee: string) {
	return glImportVariables([
		{
			trRegNumber: voucher,
			postedDate: '2025-03-31',
			amount,
			text: `Reimbursement ${employee}`,
			account: { code: '7140' },
		},
		{
			trRegNumber: voucher,
			postedDate: '2025-03-31',
			amount: `-${amount}`,
			text: `Reimbursement ${employee}`,
			account: { code: '2930' },
		},
	]);
}

describe('Xledger connector against the fake Xledger GraphQL API', () => {
	const xledger = new FakeXledger();
	let credentials: Record<string, unknown>;
	before(async () => {
		await xledger.start();
		credentials = { baseUrl: xledger.url, apiToken: xledger.apiToken };
	});
	after(() => xledger.stop());

	it('exports an approved reimbursement as balanced GL import items and extracts their dbIds', async () => {
		const request = buildRequest(xledgerConnector, 'accountingEntries', 'create', {
			credentials,
			body: reimbursementVoucher(20250331, '450.00', 'E-17'),
		});
		assert.equal(request.headers.authorization, `token ${xledger.apiToken}`);
		const sent = JSON.parse(request.body ?? '{}') as { query: string; variables: { inputs: unknown[] } };
		assert.match(sent.query, /addGLImportItems\(inputs: \$inputs\)/);
		assert.equal(sent.variables.inputs.length, 2);
		const response = await call(xledgerConnector, 'accountingEntries', 'create', {
			credentials,
			body: reimbursementVoucher(20250331, '450.00', 'E-17'),
		});
		const edges = extractResults(
			response.body,
			xledgerConnector.resources.accountingEntries.operations.create?.resultsPosition,
		);
		const ids = edges.map((edge) => extractId(edge, 'node.dbId'));
		assert.equal(ids.length, 2);
		assert.ok(ids.every((id) => id !== undefined && /^\d+$/.test(id)));
	});

	it('reports an unbalanced voucher as a GraphQL error, writing nothing', async () => {
		const before = xledger.items.length;
		const body = glImportVariables([
			{ trRegNumber: 9, postedDate: '2025-03-31', amount: '10.00', account: { code: '7140' } },
		]);
		const response = await call(xledgerConnector, 'accountingEntries', 'create', { credentials, body });
		assert.equal(response.status, 200);
		assert.match((response.body as { errors: { message: string }[] }).errors[0].message, /does not balance/);
		assert.equal(xledger.items.length, before);
	});

	it('pages GL import items with first/after cursors in the GraphQL variables', async () => {
		xledger.seedItems(5);
		const small = {
			...xledgerConnector,
			pagination: { ...xledgerConnector.pagination, limit: 3 },
		} as typeof xledgerConnector;
		const { records, requests } = await fetchAll(small, 'accountingEntries', { credentials });
		const ids = records.map((record) => extractId(record, 'node.dbId'));
		assert.equal(ids.length, xledger.items.length);
		assert.equal(new Set(ids).size, ids.length);
		const second = JSON.parse(requests[1].body ?? '{}') as { variables: Record<string, unknown> };
		assert.equal(second.variables.first, 3);
		assert.equal(typeof second.variables.after, 'string');
	});

	it('rejects a bad token with 401', async () => {
		const response = await call(xledgerConnector, 'accountingEntries', 'list', {
			credentials: { ...credentials, apiToken: 'nope' },
		});
		assert.equal(response.status, 401);
		assert.equal(
			(response.body as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
			'UNAUTHENTICATED',
		);
	});

	it('reads Retry-After when the API credit limit is hit', async () => {
		xledger.inject({ status: 429, retryAfter: 30 });
		const response = await call(xledgerConnector, 'accountingEntries', 'list', { credentials });
		assert.equal(response.status, 429);
		assert.equal(readRateLimit(response.headers, xledgerConnector).retryAfterMs, 30_000);
		assert.equal(
			readErrorMessage(xledgerConnector, response.status, response.body),
			'Xledger answered HTTP 429: Too many requests: API credit limit reached',
		);
	});

	it('posts against the ledger: the voucher when nothing is booked, the difference per account after a change, nothing when it matches', () => {
		const voucher = {
			voucherNumber: '7',
			postedDate: '2026-04-01',
			amount: '10.10',
			expenseAccount: '7140',
			payableAccount: '2930',
			text: 'Taxi',
		};
		assert.deepEqual(
			voucherAgainstLedger(voucher, []).map((line) => [
				line.amount,
				(line.account as { code: string }).code,
				line.text,
			]),
			[
				['10.10', '7140', 'Taxi'],
				['-10.10', '2930', 'Taxi'],
			],
		);
		const booked = [
			{ amount: '10.00', account: { code: '7140' } },
			{ amount: '-10.00', account: { code: '2930' } },
			{ amount: '0.05', account: { code: '7140' } },
			{ amount: '-0.05', account: { code: '2930' } },
		];
		assert.deepEqual(
			voucherAgainstLedger(voucher, booked).map((line) => [
				line.trRegNumber,
				line.amount,
				(line.account as { code: string }).code,
				line.text,
			]),
			[
				[7, '0.05', '7140', 'Correction: Taxi'],
				[7, '-0.05', '2930', 'Correction: Taxi'],
			],
		);
		assert.deepEqual(voucherAgainstLedger({ ...voucher, amount: '10.05' }, booked), []);
	});

	it('refuses more than 500 lines in one mutation', () => {
		assert.throws(() => glImportVariables(Array.from({ length: 501 }, () => ({}))), /at most 500/);
	});
});
