import type { IncrementalSync } from '../../connector-definition';

/** Contacts by `modifiedon`, filtered and ordered with OData's `$filter` / `$orderby`. */
export const dynamics365Incremental: IncrementalSync = {
	resource: 'contacts',
	cursorField: 'modifiedon',
	requestOption: ({ cursorField, value }): Record<string, string> =>
		cursorField === 'modifiedon' && value !== undefined
			? { $filter: `modifiedon ge ${new Date(value).toISOString()}`, $orderby: 'modifiedon asc' }
			: {},
};
