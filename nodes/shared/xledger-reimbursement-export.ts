import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { buildRequest, extractId, extractResults, glImportVariables, reimbursementLines } from '../../runtime/connectors';
import { describeFailure } from './connector-errors';
import type { CustomOperationDescription } from './connector-properties';
import { errorItem, type ConnectorEnvironment, type ConnectorOutputs } from './connector-router';

/** Two lines (debit, credit) per reimbursement; Xledger takes at most 500 lines per mutation. */
const REIMBURSEMENTS_PER_MUTATION = 250;

export const exportReimbursementsDescription: CustomOperationDescription = {
	resource: 'accountingEntries',
	value: 'exportReimbursements',
	name: 'Export Approved Reimbursements',
	action: 'Export approved reimbursements as accounting entries',
	description: 'Write each input item (one approved reimbursement) as a balanced voucher: expense debit, employee payable credit',
	properties: [
		{ displayName: 'Voucher Number', name: 'voucherNumber', type: 'string', required: true, default: '={{ $json.voucherNumber }}', description: 'Shared by the voucher\'s two lines (Xledger trRegNumber)' },
		{ displayName: 'Posted Date', name: 'postedDate', type: 'string', required: true, default: '={{ $json.postedDate }}', description: 'YYYY-MM-DD' },
		{ displayName: 'Amount', name: 'amount', type: 'string', required: true, default: '={{ $json.amount }}', description: 'The reimbursed amount, e.g. 48.60' },
		{ displayName: 'Expense Account', name: 'expenseAccount', type: 'string', required: true, default: '={{ $json.accountCode }}', description: 'Account code debited' },
		{ displayName: 'Employee Payable Account', name: 'payableAccount', type: 'string', required: true, default: '2930', description: 'Account code credited (what the company owes the employee)' },
		{ displayName: 'Text', name: 'text', type: 'string', default: '={{ $json.text }}' },
		{ displayName: 'Invoice Number', name: 'invoiceNumber', type: 'string', default: '={{ $json.invoiceNumber }}' },
	],
};

/**
 * Approved reimbursements -> Xledger GL import items: each item becomes a balanced voucher; up to
 * 250 vouchers go in one `addGLImportItems` mutation. An item whose voucher cannot be built, or a
 * batch Xledger rejects (GraphQL `errors` on HTTP 200 included), goes to the Error output.
 */
export async function exportReimbursements(context: IExecuteFunctions, environment: ConnectorEnvironment, items: INodeExecutionData[]): Promise<ConnectorOutputs> {
	const success: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	const ready: { index: number; lines: Record<string, unknown>[] }[] = [];
	items.forEach((item, index) => {
		const read = (name: string) => context.getNodeParameter(name, index, '') as string;
		try {
			ready.push({
				index,
				lines: reimbursementLines({
					voucherNumber: read('voucherNumber'),
					postedDate: read('postedDate'),
					amount: read('amount'),
					expenseAccount: read('expenseAccount'),
					payableAccount: read('payableAccount'),
					text: read('text') || undefined,
					invoiceNumber: read('invoiceNumber') || undefined,
				}),
			});
		} catch (error) {
			errors.push(errorItem(item, index, { code: 'INVALID_REIMBURSEMENT', message: (error as Error).message }));
		}
	});

	for (let start = 0; start < ready.length; start += REIMBURSEMENTS_PER_MUTATION) {
		const batch = ready.slice(start, start + REIMBURSEMENTS_PER_MUTATION);
		try {
			const body = glImportVariables(batch.flatMap((entry) => entry.lines));
			const response = await environment.send(buildRequest(environment.descriptor, 'accountingEntries', 'create', { credentials: environment.credentials, body }));
			const position = environment.descriptor.resources.accountingEntries.operations.create?.resultsPosition;
			const ids = extractResults(response.body, position).map((edge) => extractId(edge, 'node.dbId'));
			batch.forEach((entry, offset) => {
				success.push({
					json: { ...items[entry.index].json, _syncbridge: { action: 'exported', voucher: entry.lines[0].trRegNumber as string, dbIds: ids.slice(offset * 2, offset * 2 + 2).filter((id): id is string => id !== undefined), lines: entry.lines as never } },
					pairedItem: { item: entry.index },
				});
			});
		} catch (error) {
			const failure = describeFailure(environment.descriptor, error);
			for (const entry of batch) errors.push(errorItem(items[entry.index], entry.index, failure));
		}
	}
	return { success, errors };
}
