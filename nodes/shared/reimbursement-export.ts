import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import {
	ContractNotRecordedError,
	exportReimbursements,
	reimbursementProblem,
	type PlannedReimbursement,
} from '../../runtime/connectors/systems/xledger/reimbursement-export';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { metadataKey, readMetadata, type ItemMetadata } from '../../runtime/contracts/item-metadata';
import { openNodeStore, storeProperties } from './contract-store-parameters';
import { describeFailure } from './connector-errors';
import type { CustomOperationDescription } from './connector-properties';
import {
	errorItem,
	type ConnectorEnvironment,
	type ConnectorOutputs,
	type CustomOperationHandler,
} from './connector-router';

/** The Export Approved Reimbursements operation's parameters (per item, defaulting to the item's fields). */
export function reimbursementExportDescription(resource: string): CustomOperationDescription {
	return {
		resource,
		value: 'exportReimbursements',
		name: 'Export Approved Reimbursements',
		action: 'Export approved reimbursements as accounting entries',
		description:
			'Write each input item (one approved reimbursement) as a balanced voucher: expense debit, employee payable credit. Items from SyncBridge Contract Check are posted against what the ledger already holds for them (a change becomes a correction voucher) and their contracts recorded.',
		properties: [
			{
				displayName: 'Voucher Number',
				name: 'voucherNumber',
				type: 'string',
				required: true,
				default: '={{ $json.voucherNumber }}',
				description: "Shared by the voucher's lines (Xledger trRegNumber)",
			},
			{
				displayName: 'Posted Date',
				name: 'postedDate',
				type: 'string',
				required: true,
				default: '={{ $json.postedDate }}',
				description: 'YYYY-MM-DD',
			},
			{
				displayName: 'Amount',
				name: 'amount',
				type: 'string',
				required: true,
				default: '={{ $json.amount }}',
				description: 'The reimbursed amount, e.g. 48.60',
			},
			{
				displayName: 'Expense Account',
				name: 'expenseAccount',
				type: 'string',
				required: true,
				default: '={{ $json.accountCode }}',
				description: 'Account code debited',
			},
			{
				displayName: 'Employee Payable Account',
				name: 'payableAccount',
				type: 'string',
				required: true,
				default: '2930',
				description: 'Account code credited (what the company owes the employee)',
			},
			{ displayName: 'Text', name: 'text', type: 'string', default: '={{ $json.text }}' },
			{
				displayName: 'Invoice Number',
				name: 'invoiceNumber',
				type: 'string',
				default: '={{ $json.invoiceNumber }}',
				description:
					"The reimbursement's own reference on every line; for items from Contract Check it is how the ledger's lines for the reimbursement are found",
			},
			...storeProperties,
		],
	};
}

/**
 * Approved reimbursements -> Xledger GL import items (the export itself is
 * runtime/connectors/systems/xledger/reimbursement-export.ts). An item that cannot become a voucher,
 * or a batch Xledger rejects (GraphQL `errors` on HTTP 200 included), goes to the Error output.
 */
export function reimbursementExport(resource: string): CustomOperationHandler {
	return async (
		context: IExecuteFunctions,
		environment: ConnectorEnvironment,
		items: INodeExecutionData[],
	): Promise<ConnectorOutputs> => {
		const errors: INodeExecutionData[] = [];
		const planned = plan(context, items, errors);
		const rejected = errors
			.map((item) => readMetadata(item.json))
			.filter((meta): meta is ItemMetadata => meta !== undefined);
		const result = await exportReimbursements(
			{ descriptor: environment.descriptor, resource, credentials: environment.credentials, send: environment.send },
			planned,
			{
				openStore: () => openStore(context),
				rejected,
				warn: (message, error) => context.logger.warn(message, { error: error.message }),
			},
		).catch((error: unknown) =>
			Promise.reject(
				error instanceof ContractNotRecordedError
					? new NodeOperationError(context.getNode(), error.reason, {
							description: 'The voucher was posted but its contract could not be recorded',
						})
					: error,
			),
		);
		for (const { index, error } of result.failed)
			errors.push(errorItem(items[index], index, describeFailure(environment.descriptor, error)));
		const success = result.exported.map(
			({ index, meta, action, targetId, voucher, dbIds, lines }): INodeExecutionData => {
				const outcome = { voucher, dbIds, lines: lines as unknown as IDataObject[] };
				const json =
					meta === undefined
						? { ...items[index].json, _syncbridge: { action, ...outcome } }
						: { ...items[index].json, [metadataKey]: { ...meta, action, targetId, ...outcome } };
				return { json, pairedItem: { item: index } };
			},
		);
		return { success, errors };
	};
}

function plan(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	errors: INodeExecutionData[],
): PlannedReimbursement[] {
	const planned: PlannedReimbursement[] = [];
	items.forEach((item, index) => {
		const read = (name: string) => context.getNodeParameter(name, index, '') as string;
		const meta = readMetadata(item.json);
		const voucher = {
			voucherNumber: read('voucherNumber'),
			postedDate: read('postedDate'),
			amount: read('amount'),
			expenseAccount: read('expenseAccount'),
			payableAccount: read('payableAccount'),
			text: read('text') || undefined,
			invoiceNumber: String(read('invoiceNumber') ?? '').trim() || undefined,
		};
		const problem = reimbursementProblem(voucher, meta);
		if (problem === undefined) planned.push({ index, voucher, meta });
		else errors.push(errorItem(item, index, { code: 'INVALID_REIMBURSEMENT', message: problem }));
	});
	return planned;
}

async function openStore(context: IExecuteFunctions): Promise<ContractStore> {
	try {
		return await openNodeStore(context);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			description: 'The contract store could not be opened',
		});
	}
}
