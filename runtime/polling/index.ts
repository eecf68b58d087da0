export { compareCursorValues, cursorKey, readStoredCursor, selectNewRecords, type CursorSelection, type CursorSettings, type PollCursor } from './poll-cursor';
export { sinceQuery } from './since-filter';
