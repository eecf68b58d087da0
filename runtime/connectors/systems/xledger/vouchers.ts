/** One approved reimbursement, as the Xledger export needs it. */
export interface ReimbursementVoucher {
	/** The voucher (transaction registration) number both lines share. */
	voucherNumber: string | number;
	postedDate: string;
	/** The reimbursed amount, positive: `48.6`, `"48.60"`. */
	amount: string | number;
	/** The expense account debited. */
	expenseAccount: string;
	/** The employee payable account credited. */
	payableAccount: string;
	text?: string;
	invoiceNumber?: string;
}

/**
 * The balanced GL import lines for a reimbursement: the expense debited and the employee payable
 * credited with the same amount under one voucher number. Amounts are computed in cents so the
 * voucher balances exactly.
 */
export function reimbursementLines(voucher: ReimbursementVoucher): Record<string, unknown>[] {
	const cents = toCents(voucher.amount);
	if (cents === 0) throw new Error('The reimbursement amount is zero');
	if (String(voucher.expenseAccount ?? '').trim() === '') throw new Error('The reimbursement has no expense account');
	if (String(voucher.payableAccount ?? '').trim() === '') throw new Error('No payable account is configured');
	if (!/^\d{4}-\d{2}-\d{2}/.test(String(voucher.postedDate ?? '')))
		throw new Error(`Posted date must be YYYY-MM-DD (got '${String(voucher.postedDate)}')`);
	const number = String(voucher.voucherNumber ?? '').trim();
	if (number === '') throw new Error('The reimbursement has no voucher number');
	const trRegNumber = /^\d+$/.test(number) ? Number(number) : number;
	const shared = {
		trRegNumber,
		postedDate: String(voucher.postedDate).slice(0, 10),
		...(voucher.text ? { text: voucher.text } : {}),
		...(voucher.invoiceNumber ? { invoiceNumber: voucher.invoiceNumber } : {}),
	};
	return [
		{ ...shared, amount: formatCents(cents), account: { code: String(voucher.expenseAccount) } },
		{ ...shared, amount: formatCents(-cents), account: { code: String(voucher.payableAccount) } },
	];
}

/** A ledger line as Xledger lists it (`glImportItems`): what is already booked. */
export interface BookedLine {
	amount: string | number;
	account: { code: string };
	invoiceNumber?: string | null;
	trRegNumber?: string | number;
}

/**
 * What to post so that the ledger holds the reimbursement's voucher as it is now, given `booked`,
 * every line already posted for it (same invoice number): per account, the difference, as one new
 * voucher. Posted vouchers are never changed, which is how an accountant corrects a posted entry, and
 * the ledger's balance per account for the reimbursement then always equals its approved voucher.
 * Nothing booked: the reimbursement's own voucher. The ledger already matches: no line (a rerun posts
 * nothing). A correction's text says so.
 */
export function voucherAgainstLedger(
	voucher: ReimbursementVoucher,
	booked: readonly BookedLine[],
): Record<string, unknown>[] {
	const lines = reimbursementLines(voucher);
	if (booked.length === 0) return lines;
	const difference = new Map<string, number>();
	const add = (code: string, cents: number) => difference.set(code, (difference.get(code) ?? 0) + cents);
	for (const line of lines) add((line.account as { code: string }).code, toCents(line.amount as string));
	for (const line of booked) add(String(line.account.code), -toCents(line.amount));
	const shared = { ...lines[0] };
	delete shared.amount;
	delete shared.account;
	const text = voucher.text ? `Correction: ${voucher.text}` : 'Correction';
	return [...difference]
		.filter(([, cents]) => cents !== 0)
		.map(([code, cents]) => ({ ...shared, text, amount: formatCents(cents), account: { code } }));
}

function toCents(amount: string | number): number {
	const text = typeof amount === 'number' ? amount.toFixed(2) : String(amount ?? '').trim();
	if (!/^-?\d+(\.\d{1,2})?$/.test(text))
		throw new Error(`Not an amount with at most two decimals: '${String(amount)}'`);
	const [whole, fraction = ''] = text.replace('-', '').split('.');
	const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
	return text.startsWith('-') ? -cents : cents;
}

function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const absolute = Math.abs(cents);
	return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}
