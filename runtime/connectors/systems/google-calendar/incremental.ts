import type { IncrementalSync } from '../../connector-definition';

/** Events by `updated`, filtered with `updatedMin`. */
export const googleCalendarIncremental: IncrementalSync = {
	resource: 'events',
	cursorField: 'updated',
	requestOption: ({ cursorField, value }): Record<string, string> => (cursorField === 'updated' && value !== undefined ? { updatedMin: new Date(value).toISOString() } : {}),
};
