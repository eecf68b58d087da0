import { MappingError } from './mapping-error';

export interface CsvOptions {
	delimiter?: string;
}

/** RFC 4180 CSV with a header row -> one object per row (all values strings). */
export function parseCsv(text: string, options: CsvOptions = {}): Record<string, string>[] {
	const delimiter = options.delimiter ?? ',';
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	for (; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += ch;
		} else if (ch === '"' && field === '') quoted = true;
		else if (ch === delimiter) {
			row.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += ch;
	}
	if (quoted) throw new MappingError('CSV_INVALID', 'CSV input ends inside a quoted field');
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	const [header, ...body] = rows;
	if (!header) return [];
	return body
		.filter((r) => !(r.length === 1 && r[0] === ''))
		.map((r, index) => {
			if (r.length !== header.length)
				throw new MappingError(
					'CSV_INVALID',
					`CSV row ${index + 2} has ${r.length} fields, the header has ${header.length}`,
				);
			const record = Object.create(null) as Record<string, string>;
			header.forEach((name, column) => (record[name] = r[column]));
			return record;
		});
}

function cell(value: unknown, delimiter: string): string {
	const text =
		value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
	return text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r')
		? `"${text.replace(/"/g, '""')}"`
		: text;
}

/**
 * Records -> CSV with a header row (columns: the given ones, else every key in first-seen order),
 * CRLF line ends unless `lineEnding` says LF (Salesforce Bulk API 2.0 jobs declare theirs).
 */
export function toCsv(
	records: readonly Record<string, unknown>[],
	options: CsvOptions & { columns?: string[]; lineEnding?: '\r\n' | '\n' } = {},
): string {
	const delimiter = options.delimiter ?? ',';
	const lineEnding = options.lineEnding ?? '\r\n';
	const columns = options.columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
	const lines = [columns.map((c) => cell(c, delimiter)).join(delimiter)];
	for (const record of records) lines.push(columns.map((c) => cell(record[c], delimiter)).join(delimiter));
	return lines.join(lineEnding) + lineEnding;
}
