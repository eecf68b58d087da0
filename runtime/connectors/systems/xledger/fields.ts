import type { FieldSchema } from '../../field-schema';

/**
 * One GL import item (`AddGLImportItemsInput.node`), the fields SyncBridge assumes (Xledger's
 * schema is only visible to customers; see docs/connectors.md). A voucher is several items with one
 * `trRegNumber` whose amounts add up to zero.
 */
export const xledgerGlImportItemFields: readonly FieldSchema[] = [
	{
		id: 'trRegNumber',
		displayName: 'Voucher Number',
		type: 'number',
		required: true,
		description: 'Transaction registration number shared by the lines of one voucher',
	},
	{
		id: 'postedDate',
		displayName: 'Posted Date',
		type: 'dateTime',
		required: true,
		description: 'Posting date (YYYY-MM-DD)',
	},
	{
		id: 'amount',
		displayName: 'Amount',
		type: 'number',
		required: true,
		description: 'Debit positive, credit negative, two decimals',
	},
	{
		id: 'account.code',
		displayName: 'Account Code',
		type: 'string',
		required: true,
		description: 'The general-ledger account the line is posted to',
	},
	{ id: 'text', displayName: 'Text', type: 'string', description: 'Line text shown in the ledger' },
	{
		id: 'invoiceNumber',
		displayName: 'Invoice Number',
		type: 'string',
		description: 'Reference that finds the lines again (SyncBridge uses the reimbursement id)',
	},
	{
		id: 'dbId',
		displayName: 'Database ID',
		type: 'number',
		readOnly: true,
		description: "Xledger's id of the import item",
	},
];
