import type { IncrementalSync } from '../../connector-definition';

/** Members by `updatedAt`; the API has no filter, so every member is read. */
export const consioIncremental: IncrementalSync = { resource: 'members', cursorField: 'updatedAt' };
