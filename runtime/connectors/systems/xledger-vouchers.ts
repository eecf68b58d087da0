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
	if (!/^\d{4}-\d{2}-\d{2}/.test(String(voucher.postedDate ?? ''))) throw new Error(`Posted date must be YYYY-MM-DD (got '${String(voucher.postedDate)}')`);
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

function toCents(amount: string | number): number {
	const text = typeof amount === 'number' ? amount.toFixed(2) : String(amount ?? '').trim();
	if (!/^-?\d+(\.\d{1,2})?$/.test(text)) throw new Error(`Not an amount with at most two decimals: '${String(amount)}'`);
	const [whole, fraction = ''] = text.replace('-', '').split('.');
	const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
	return text.startsWith('-') ? -cents : cents;
}

function formatCents(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const absolute = Math.abs(cents);
	return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}
