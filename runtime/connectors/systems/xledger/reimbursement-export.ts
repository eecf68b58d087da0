import { canonicalHash } from '../../../contracts/canonical-hash';
import type { ContractStore } from '../../../contracts/contract-store';
import type { ItemMetadata } from '../../../contracts/item-metadata';
import { recordWrite } from '../../../contracts/recorded-write';
import type { ConnectorDescriptor } from '../../connector-descriptor';
import { fetchAll, type SendListRequest } from '../../fetch-all';
import { extractId } from '../../id-position';
import { buildRequest } from '../../request-builder';
import { extractResults } from '../../results-position';
import { glImportVariables } from './description';
import { reimbursementLines, voucherAgainstLedger, type BookedLine, type ReimbursementVoucher } from './vouchers';

/** Xledger takes at most 500 GL import lines per mutation. */
const LINES_PER_MUTATION = 500;

/** Where the export reads and posts: the GL import items resource, sent through the caller's transport. */
export interface LedgerAccess {
	descriptor: ConnectorDescriptor;
	resource: string;
	credentials: Record<string, unknown>;
	send: SendListRequest;
}

/** One approved reimbursement to export: its input position, its voucher, and Contract Check's metadata if it came through it. */
export interface PlannedReimbursement {
	index: number;
	voucher: ReimbursementVoucher & { invoiceNumber?: string };
	/** Set for items routed by SyncBridge Contract Check: posted against the ledger, contract recorded. */
	meta?: ItemMetadata;
}

export interface ExportedReimbursement {
	index: number;
	meta?: ItemMetadata;
	/** For checked items: nothing to post (`already-booked`), the first voucher, or a correction. */
	action: 'exported' | 'corrected' | 'already-booked';
	/** The contract's target id (checked items). */
	targetId?: string;
	voucher: string;
	dbIds: string[];
	lines: Record<string, unknown>[];
}

export interface ReimbursementExport {
	exported: ExportedReimbursement[];
	/** Items whose ledger read or posting failed, with the error as it came (in the order they failed). */
	failed: { index: number; error: unknown }[];
}

export interface ExportRun {
	/** Opens the contract store; called only when some item came through Contract Check. */
	openStore(): Promise<ContractStore>;
	/** Metadata of checked items refused before the export (they count as failed in the run log). */
	rejected: ItemMetadata[];
	/** The run log could not be written; the export itself stands. */
	warn(message: string, error: Error): void;
}

/** The voucher was posted but its contract could not be recorded; the next run finds it in the ledger and records it then. */
export class ContractNotRecordedError extends Error {
	readonly code = 'CONTRACT_NOT_RECORDED';
	constructor(readonly reason: Error) {
		super(reason.message);
		this.name = 'ContractNotRecordedError';
	}
}

interface Posting extends PlannedReimbursement {
	lines: Record<string, unknown>[];
	/** What the ledger held for the reimbursement before this posting (checked items only). */
	booked: BookedLine[];
}

/** Why an item cannot be exported, before anything is sent; undefined when it can. */
export function reimbursementProblem(
	voucher: ReimbursementVoucher & { invoiceNumber?: string },
	meta: ItemMetadata | undefined,
): string | undefined {
	try {
		if (meta?.route === 'orphaned')
			throw new Error(
				'A reimbursement that left the source is not reversed automatically; reverse its voucher in Xledger',
			);
		reimbursementLines(voucher);
		if (meta !== undefined && voucher.invoiceNumber === undefined)
			throw new Error('An Invoice Number is needed to find what the ledger already holds for this reimbursement');
		return undefined;
	} catch (error) {
		return (error as Error).message;
	}
}

/**
 * Approved reimbursements -> Xledger GL import items, several lines per mutation. A batch Xledger
 * rejects fails its items only.
 *
 * Items that carry Contract Check's metadata are exported exactly once: the ledger's lines for their
 * invoice number are read first and only the difference is posted (nothing when the ledger already
 * matches, so a rerun after a crash between posting and recording posts nothing; a correction voucher
 * when the approved reimbursement changed), then the contract is recorded. A failed item keeps its
 * contract as it was, so the next run posts it.
 */
export async function exportReimbursements(
	access: LedgerAccess,
	planned: PlannedReimbursement[],
	run: ExportRun,
): Promise<ReimbursementExport> {
	const failed: ReimbursementExport['failed'] = [];
	const metaAt = new Map(planned.map((entry) => [entry.index, entry.meta]));
	let store: ContractStore | undefined;
	let ledger = new Map<string, BookedLine[]>();
	if (planned.some((entry) => entry.meta !== undefined)) {
		try {
			ledger = await bookedLinesByInvoice(access);
		} catch (error) {
			for (const entry of planned.filter((candidate) => candidate.meta !== undefined))
				failed.push({ index: entry.index, error });
			planned = planned.filter((entry) => entry.meta === undefined);
		}
		store = await run.openStore();
	}
	const postings: Posting[] = planned.map((entry) => {
		if (entry.meta === undefined) return { ...entry, lines: reimbursementLines(entry.voucher), booked: [] };
		const booked = ledger.get(entry.voucher.invoiceNumber as string) ?? [];
		return { ...entry, lines: voucherAgainstLedger(entry.voucher, booked), booked };
	});

	const posted: Array<{ posting: Posting; dbIds: string[] }> = [];
	for (const posting of postings.filter((candidate) => candidate.lines.length === 0))
		posted.push({ posting, dbIds: [] });
	for (const batch of batches(postings.filter((candidate) => candidate.lines.length > 0))) {
		try {
			const body = glImportVariables(batch.flatMap((entry) => entry.lines));
			const response = await access.send(
				buildRequest(access.descriptor, access.resource, 'create', { credentials: access.credentials, body }),
			);
			const position = access.descriptor.resources[access.resource].operations.create?.resultsPosition;
			const ids = extractResults(response.body, position).map((edge) => extractId(edge, 'node.dbId'));
			let offset = 0;
			for (const posting of batch) {
				posted.push({
					posting,
					dbIds: ids.slice(offset, offset + posting.lines.length).filter((id): id is string => id !== undefined),
				});
				offset += posting.lines.length;
			}
		} catch (error) {
			for (const entry of batch) failed.push({ index: entry.index, error });
		}
	}

	const exported: ExportedReimbursement[] = [];
	for (const { posting, dbIds } of posted.sort((a, b) => a.posting.index - b.posting.index)) {
		const result = {
			index: posting.index,
			voucher: String(posting.lines[0]?.trRegNumber ?? ''),
			dbIds,
			lines: posting.lines,
		};
		if (posting.meta === undefined) {
			exported.push({ ...result, action: 'exported' });
			continue;
		}
		const targetId = await record(store as ContractStore, posting);
		const action =
			posting.lines.length === 0 ? 'already-booked' : posting.booked.length === 0 ? 'exported' : 'corrected';
		exported.push({ ...result, meta: posting.meta, action, targetId });
	}
	const failedMeta = [...run.rejected, ...failed.map((entry) => metaAt.get(entry.index))].filter(
		(meta): meta is ItemMetadata => meta !== undefined,
	);
	await recordRun(
		store,
		posted.map((entry) => entry.posting),
		failedMeta,
		run.warn,
	);
	return { exported, failed };
}

/** Every GL import line in the ledger, by invoice number. */
async function bookedLinesByInvoice(access: LedgerAccess): Promise<Map<string, BookedLine[]>> {
	const { records } = await fetchAll(access.descriptor, access.resource, access.send, {
		credentials: access.credentials,
	});
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

/** The contract's target is the reimbursement's first voucher; its hash is the voucher it should have now. */
async function record(store: ContractStore, posting: Posting): Promise<string> {
	const meta = posting.meta as ItemMetadata;
	const firstVoucher = posting.booked[0]?.trRegNumber ?? posting.voucher.voucherNumber;
	const contract = await recordWrite(store, meta, {
		targetId: String(firstVoucher),
		writtenHash: canonicalHash(reimbursementLines(posting.voucher)),
	}).catch((error: Error) => Promise.reject(new ContractNotRecordedError(error)));
	return contract.targetId as string;
}

/** Adds the export's outcome to the synchronization's run log (Sync Status reads it). */
async function recordRun(
	store: ContractStore | undefined,
	posted: Posting[],
	failed: ItemMetadata[],
	warn: ExportRun['warn'],
): Promise<void> {
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
		warn('SyncBridge: could not record the Xledger export in the sync log', error as Error);
	}
}
