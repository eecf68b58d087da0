import type { IncrementalSync } from '../../connector-definition';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * The SOQL for polling records changed after `since`, oldest first, so a poll that stops midway
 * can resume from the last LastModifiedDate it saw. Names are checked, never interpolated raw.
 */
export function modifiedSinceSoql(sobject: string, fields: readonly string[], since: Date): string {
	for (const name of [sobject, ...fields]) {
		if (!IDENTIFIER.test(name)) throw new Error(`Not a Salesforce field or object name: '${name}'`);
	}
	const selected = [...new Set(['Id', ...fields, 'LastModifiedDate'])].join(', ');
	const timestamp = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
	return `SELECT ${selected} FROM ${sobject} WHERE LastModifiedDate > ${timestamp} ORDER BY LastModifiedDate ASC`;
}

/** Contacts by LastModifiedDate, filtered by the SOQL query itself (of the object and fields chosen). */
export const salesforceIncremental: IncrementalSync = {
	resource: 'contacts',
	cursorField: 'LastModifiedDate',
	parameters: [
		{ displayName: 'Salesforce Object', name: 'sobject', default: 'Contact' },
		{ displayName: 'Salesforce Fields', name: 'salesforceFields', default: 'FirstName, LastName, Email', description: 'Comma-separated fields; Id and LastModifiedDate are always selected' },
	],
	requestOption({ value, parameters }) {
		// SOQL `>` is exclusive: step back one second and let the id dedupe drop what was seen.
		const since = new Date(value === undefined ? 0 : value - 1000);
		const fields = (parameters.salesforceFields ?? '').split(',').map((field) => field.trim()).filter(Boolean);
		return { q: modifiedSinceSoql(parameters.sobject ?? 'Contact', fields, since) };
	},
};
