import type { IncrementalSync } from '../../connector-definition';

/** GL import items by their increasing `dbId`; the API has no filter, so every item is read. */
export const xledgerIncremental: IncrementalSync = { resource: 'accountingEntries', cursorField: 'node.dbId' };
