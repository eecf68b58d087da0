import type { IncrementalSync } from '../../connector-definition';

/** Events by `updated`; the API has no filter, so every event is read. */
export const cityCalendarIncremental: IncrementalSync = { resource: 'events', cursorField: 'updated' };
