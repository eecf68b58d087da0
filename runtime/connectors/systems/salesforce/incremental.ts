import type { IncrementalSync } from '../../connector-definition';
import { modifiedSinceSoql } from './description';

/** Contacts by LastModifiedDate, filtered by the SOQL query itself (of the object and fields chosen). */
export const salesforceIncremental: IncrementalSync = {
	resource: 'contacts',
	cursorField: 'LastModifiedDate',
	parameters: [
		{ displayName: 'Salesforce Object', name: 'sobject', default: 'Contact' },
		{
			displayName: 'Salesforce Fields',
			name: 'salesforceFields',
			default: 'FirstName, LastName, Email',
			description: 'Comma-separated fields; Id and LastModifiedDate are always selected',
		},
	],
	requestOption({ value, parameters }) {
		// SOQL `>` is exclusive: step back one second and let the id dedupe drop what was seen.
		const since = new Date(value === undefined ? 0 : value - 1000);
		const fields = (parameters.salesforceFields ?? '')
			.split(',')
			.map((field) => field.trim())
			.filter(Boolean);
		return { q: modifiedSinceSoql(parameters.sobject ?? 'Contact', fields, since) };
	},
};
