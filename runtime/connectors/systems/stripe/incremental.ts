import type { IncrementalSync } from '../../connector-definition';

/** Customers by `created` (epoch seconds), filtered with `created[gte]`. */
export const stripeIncremental: IncrementalSync = {
	resource: 'customers',
	cursorField: 'created',
	requestOption: ({ cursorField, value }): Record<string, string> =>
		cursorField === 'created' && value !== undefined ? { 'created[gte]': String(value) } : {},
};
