import type { CsvExportDescriptor } from './connector-descriptor';
import { readPath } from '../dot-path';

/**
 * Writes records as an RFC 4180 file in the shape a system's manual import expects: a header row,
 * CRLF line ends, fields quoted when they hold the delimiter, a quote or a line break.
 * Objects and arrays are written as JSON; absent values as empty fields; numbers with the
 * descriptor's decimal separator (text that looks like a number stays as it is).
 */
export function writeCsvExport(records: readonly unknown[], spec: CsvExportDescriptor): string {
	const delimiter = spec.delimiter ?? ',';
	const decimalSeparator = spec.decimalSeparator ?? '.';
	const lines = [spec.columns.map((column) => quoteField(column.header, delimiter)).join(delimiter)];
	for (const record of records) {
		lines.push(
			spec.columns
				.map((column) => quoteField(fieldText(readPath(record, column.path), decimalSeparator), delimiter))
				.join(delimiter),
		);
	}
	return `${spec.byteOrderMark === true ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

function fieldText(value: unknown, decimalSeparator: '.' | ','): string {
	if (value === undefined || value === null) return '';
	if (value instanceof Date) return value.toISOString();
	if (typeof value === 'object') return JSON.stringify(value);
	if (typeof value === 'number') return String(value).replace('.', decimalSeparator);
	return String(value);
}

function quoteField(text: string, delimiter: string): string {
	return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
