import type { IncrementalSync } from '../../connector-definition';

/**
 * Events by `updated`: the first poll filters with `updatedMin`, later ones send the
 * `nextSyncToken` of the last complete list as `syncToken` (only changes, cancelled events
 * included); a 410 for an expired token means a full resync from the cursor.
 * https://developers.google.com/calendar/api/guides/sync
 */
export const googleCalendarIncremental: IncrementalSync = {
	resource: 'events',
	cursorField: 'updated',
	requestOption: ({ cursorField, value }): Record<string, string> =>
		cursorField === 'updated' && value !== undefined ? { updatedMin: new Date(value).toISOString() } : {},
	syncToken: { position: 'nextSyncToken', param: 'syncToken', expiredStatus: 410 },
};
