import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { buildRequest, extractId, extractResults, fetchAll, glImportVariables, reimbursementLines, voucherAgainstLedger, type BookedLine, type ReimbursementVoucher } from '../../runtime/connectors';
import { canonicalHash } from '../../runtime/contracts/canonical-hash';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { metadataKey, readMetadata, type ItemMetadata } from '../../runtime/contracts/item-metadata';
import { recordWrite } from '../../runtime/contracts/recorded-write';
import { openNodeStore, storeProperties } from './contract-store-parameters';
import { describeFailure } from './connector-errors';
import type { CustomOperationDescription } from './connector-properties';
import { errorItem, type ConnectorEnvironment, type ConnectorOutputs } from './connector-router';

/** Xledger takes at most 500 GL import lines per mutation. */
const LINES_PER_MUTATION = 500;

export const exportReimbursementsDescription: CustomOperationDescription = {
	resource: 'accountingEntries',
	value: 'exportReimbursements',
	name: 'Export Approved Reimbursements',
	action: 'Export approved reimbursements as accounting entries',
	description:
		'Write each input item (one approved reimbursement) as a balanced voucher: expense debit, employee payable credit. Items from SyncBridge Contract Check are posted against what the ledger already holds for them (a change becomes a correction voucher) and their contracts recorded.',
	properties: [
		{ displayName: 'Voucher Number', name: 'voucherNumber', type: 'string', required: true, default: '={{ $json.voucherNumber }}', description: 'Shared by the voucher\'s lines (Xledger trRegNumber)' },
		{ displayName: 'Posted Date', name: 'postedDate', type: 'string', required: true, default: '={{ $json.postedDate }}', description: 'YYYY-MM-DD' },
		{ displayName: 'Amount', name: 'amount', type: 'string', required: true, default: '={{ $json.amount }}', description: 'The reimbursed amount, e.g. 48.60' },
		{ displayName: 'Expense Account', name: 'expenseAccount', type: 'string', required: true, default: '={{ $json.accountCode }}', description: 'Account code debited' },
		{ displayName: 'Employee Payable Account', name: 'payableAccount', type: 'string', required: true, default: '2930', description: 'Account code credited (what the company owes the employee)' },
		{ displayName: 'Text', name: 'text', type: 'string', default: '={{ $json.text }}' },
		{
			displayName: 'Invoice Number',
			name: 'invoiceNumber',
			type: 'string',
			default: '={{ $json.invoiceNumber }}',
			description: 'The reimbursement\'s own reference on every line; for items from Contract Check it is how the ledger\'s lines for the reimbursement are found',
		},
		...storeProperties,
	],
};

interface Planned {
	index: number;
	voucher: ReimbursementVoucher & { invoiceNumber?: string };
	/** Set for items routed by SyncBridge Contract Check: posted against the ledger, contract recorded. */
	meta?: ItemMetadata;
}

interface Posting extends Planned {
	lines: Record<string, unknown>[];
	/** What the ledger held for the reimbursement before this posting (checked items only). */
	booked: BookedLine[];
}

/**
 * Approved reimbursements -> Xledger GL import items. An item that cannot become a voucher, or a
 * batch Xledger rejects (GraphQL `errors` on HTTP 200 included), goes to the Error output.
 *
 * Items that carry Contract Check's metadata are exported exactly once: the ledger's lines for their
 * invoice number are read first and only the difference is posted (nothing when the ledger already
 * matches, so a rerun after a crash between posting and recording posts nothing; a correction voucher
 * when the approved reimbursement changed), then the contract is recorded. A failed item keeps its
 * contract as it was, so the next run posts it.
 */
export async function exportReimbursements(context: IExecuteFunctions, environment: ConnectorEnvironment, items: INodeExecutionData[]): Promise<ConnectorOutputs> {
	const success: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	let planned = plan(context, items, errors);

	let store: ContractStore | undefined;
	let ledger = new Map<string, BookedLine[]>();
	if (planned.some((entry) => entry.meta !== undefined)) {
		try {
			ledger = await bookedLinesByInvoice(environment);
		} catch (error) {
			const failure = describeFailure(environment.descriptor, error);
			for (const entry of planned.filter((candidate) => candidate.meta !== undefined)) errors.push(errorItem(items[entry.index], entry.index, failure));
			planned = planned.filter((entry) => entry.meta === undefined);
		}
		store = await openStore(context);
	}
	const postings: Posting[] = planned.map((entry) => {
		if (entry.meta === undefined) return { ...entry, lines: reimbursementLines(entry.voucher), booked: [] };
		const booked = ledger.get(entry.voucher.invoiceNumber as string) ?? [];
		return { ...entry, lines: voucherAgainstLedger(entry.voucher, booked), booked };
	});

	const posted: Array<{ posting: Posting; dbIds: string[] }> = [];
	for (const posting of postings.filter((candidate) => candidate.lines.length === 0)) posted.push({ posting, dbIds: [] });
	for (const batch of batches(postings.filter((candidate) => candidate.lines.length > 0))) {
		try {
			const body = glImportVariables(batch.flatMap((entry) => entry.lines));
			const response = await environment.send(buildRequest(environment.descriptor, 'accountingEntries', 'create', { credentials: environment.credentials, body }));
			const position = environment.descriptor.resources.accountingEntries.operations.create?.resultsPosition;
			const ids = extractResults(response.body, position).map((edge) => extractId(edge, 'node.dbId'));
			let offset = 0;
			for (const posting of batch) {
				posted.push({ posting, dbIds: ids.slice(offset, offset + posting.lines.length).filter((id): id is string => id !== undefined) });
				offset += posting.lines.length;
			}
		} catch (error) {
			const failure = describeFailure(environment.descriptor, error);
			for (const entry of batch) errors.push(errorItem(items[entry.index], entry.index, failure));
		}
	}

	for (const { posting, dbIds } of posted.sort((a, b) => a.posting.index - b.posting.index)) {
		const item = items[posting.index];
		const result = { voucher: String(posting.lines[0]?.trRegNumber ?? ''), dbIds, lines: posting.lines as unknown as IDataObject[] };
		if (posting.meta === undefined) {
			success.push({ json: { ...item.json, _syncbridge: { action: 'exported', ...result } }, pairedItem: { item: posting.index } });
			continue;
		}
		const targetId = await record(context, store as ContractStore, posting);
		const action = posting.lines.length === 0 ? 'already-booked' : posting.booked.length === 0 ? 'exported' : 'corrected';
		success.push({ json: { ...item.json, [metadataKey]: { ...posting.meta, action, targetId, ...result } }, pairedItem: { item: posting.index } });
	}
	const failed = errors.map((item) => readMetadata(item.json)).filter((meta): meta is ItemMetadata => meta !== undefined);
	await recordRun(context, store, posted.map((entry) => entry.posting), failed);
	return { success, errors };
}

function plan(context: IExecuteFunctions, items: INodeExecutionData[], errors: INodeExecutionData[]): Planned[] {
	const planned: Planned[] = [];
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
		try {
			if (meta?.route === 'orphaned') throw new Error('A reimbursement that left the source is not reversed automatically; reverse its voucher in Xledger');
			reimbursementLines(voucher);
			if (meta !== undefined && voucher.invoiceNumber === undefined) throw new Error('An Invoice Number is needed to find what the ledger already holds for this reimbursement');
			planned.push({ index, voucher, meta });
		} catch (error) {
			errors.push(errorItem(item, index, { code: 'INVALID_REIMBURSEMENT', message: (error as Error).message }));
		}
	});
	return planned;
}

/** Every GL import line in the ledger, by invoice number. */
async function bookedLinesByInvoice(environment: ConnectorEnvironment): Promise<Map<string, BookedLine[]>> {
	const { records } = await fetchAll(environment.descriptor, 'accountingEntries', environment.send, { credentials: environment.credentials });
	const byInvoice = new Map<string, BookedLine[]>();
	for (const record of records) {
		const line = (record as { node?: BookedLine }).node;
		if (line?.invoiceNumber === undefined || line.invoiceNumber === null || line.invoiceNumber === '') continue;
		byInvoice.set(line.invoiceNumber, [...(byInvoice.get(line.invoiceNumber) ?? []), line]);
	}
	return byInvoice;
}

/** Consecutive postings whose lines fit one mutation. */
function batches(postings: Posting[]): Posting[][] {
	const result: Posting[][] = [];
	let current: Posting[] = [];
	let lines = 0;
	for (const posting of postings) {
		if (current.length > 0 && lines + posting.lines.length > LINES_PER_MUTATION) {
			result.push(current);
			current = [];
			lines = 0;
		}
		current.push(posting);
		lines += posting.lines.length;
	}
	if (current.length > 0) result.push(current);
	return result;
}

async function openStore(context: IExecuteFunctions): Promise<ContractStore> {
	try {
		return await openNodeStore(context);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { description: 'The contract store could not be opened' });
	}
}

/** The contract's target is the reimbursement's first voucher; its hash is the voucher it should have now. */
async function record(context: IExecuteFunctions, store: ContractStore, posting: Posting): Promise<string> {
	const meta = posting.meta as ItemMetadata;
	const firstVoucher = posting.booked[0]?.trRegNumber ?? posting.voucher.voucherNumber;
	try {
		const contract = await recordWrite(store, meta, { targetId: String(firstVoucher), writtenHash: canonicalHash(reimbursementLines(posting.voucher)) });
		return contract.targetId as string;
	} catch (error) {
		// The voucher is posted; the next run finds it in the ledger and records the contract then.
		throw new NodeOperationError(context.getNode(), error as Error, { description: 'The voucher was posted but its contract could not be recorded' });
	}
}

/** Adds the export's outcome to the synchronization's run log (Sync Status reads it). */
async function recordRun(context: IExecuteFunctions, store: ContractStore | undefined, posted: Posting[], failed: ItemMetadata[]): Promise<void> {
	const checked = posted.filter((posting) => posting.meta !== undefined);
	const meta = checked[0]?.meta ?? failed[0];
	if (store === undefined || meta === undefined) return;
	const count = (kind: (posting: Posting) => boolean) => checked.filter(kind).length;
	const counts = {
		created: count((posting) => posting.lines.length > 0 && posting.booked.length === 0),
		updated: count((posting) => posting.lines.length > 0 && posting.booked.length > 0),
		skipped: count((posting) => posting.lines.length === 0),
		failed: failed.length,
	};
	try {
		await store.recordRun(meta.synchronizationId, meta.runId, counts);
	} catch (error) {
		context.logger.warn('SyncBridge: could not record the Xledger export in the sync log', { error: (error as Error).message });
	}
}
