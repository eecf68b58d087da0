export {
	compareCursorValues,
	cursorKey,
	readStoredCursor,
	selectNewRecords,
	sinceQuery,
	type CursorSelection,
	type CursorSettings,
	type PollCursor,
} from './poll-cursor';
export { isExpiredSyncToken, listSince, nextSyncToken, readStoredSyncToken, syncTokenQuery } from './sync-token';
