import type { IncrementalSync } from '../connectors/connector-definition';
import { extractId } from '../connectors/id-position';
import { readPath } from '../dot-path';

/**
 * How far a polling source has read: the highest cursor value emitted, and the ids of the records
 * emitted at exactly that value (a later record with the same timestamp is still new; one already
 * emitted is not emitted again).
 */
export interface PollCursor {
	value: string | number;
	idsAtValue: string[];
}

export interface CursorSettings {
	/** Dot path of the cursor in a record: `updated`, `LastModifiedDate`, `modifiedon`, Stripe `created`. */
	cursorField: string;
	/** Dot path of the record's id. */
	idPosition: string;
	/**
	 * The system listed only what changed (a sync token): every record is emitted, one without a
	 * cursor value too (Google guarantees only the id of a cancelled event); the cursor still
	 * advances over those that have one.
	 */
	onlyChangesListed?: boolean;
}

export interface CursorSelection {
	/** Records newer than the cursor, oldest first. */
	fresh: unknown[];
	/** The cursor after emitting `fresh` (unchanged when nothing is new). */
	cursor: PollCursor | undefined;
	/** Records without a readable cursor value; never emitted. */
	withoutCursor: number;
}

/**
 * A comparable form of a cursor value: numbers (Stripe's epoch seconds, versions) as numbers,
 * timestamps as epoch milliseconds (Salesforce's `+0000` offsets included), anything else as text.
 */
export function cursorKey(value: unknown): { kind: 'number' | 'text'; key: number | string } | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'number', key: value };
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return { kind: 'number', key: Number(text) };
	const time = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
	if (!Number.isNaN(time)) return { kind: 'number', key: time };
	return { kind: 'text', key: text };
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareCursorValues(a: unknown, b: unknown): number {
	const left = cursorKey(a);
	const right = cursorKey(b);
	if (left === undefined || right === undefined)
		throw new Error(`Cannot compare cursor values ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
	if (left.kind === 'number' && right.kind === 'number') return (left.key as number) - (right.key as number);
	const x = String(left.key);
	const y = String(right.key);
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The records a poll emits and the cursor it leaves behind. A record is new when its cursor value
 * is above the cursor, or equal to it with an id not emitted before. Without a cursor (first run)
 * every record is new.
 */
export function selectNewRecords(
	records: readonly unknown[],
	cursor: PollCursor | undefined,
	settings: CursorSettings,
): CursorSelection {
	const seen = new Set(cursor?.idsAtValue ?? []);
	let withoutCursor = 0;
	const fresh: { record: unknown; value: string | number; id: string | undefined }[] = [];
	const changedWithoutCursor: unknown[] = [];
	const emittedIds = new Set<string>();
	for (const record of records) {
		const value = readPath(record, settings.cursorField);
		const id = extractId(record, settings.idPosition);
		if ((typeof value !== 'string' && typeof value !== 'number') || cursorKey(value) === undefined) {
			if (!settings.onlyChangesListed) withoutCursor += 1;
			else if (id === undefined || !emittedIds.has(id)) {
				if (id !== undefined) emittedIds.add(id);
				changedWithoutCursor.push(record);
			}
			continue;
		}
		if (cursor !== undefined && !settings.onlyChangesListed) {
			const order = compareCursorValues(value, cursor.value);
			if (order < 0) continue;
			if (order === 0 && (id === undefined || seen.has(id))) continue;
		}
		// The same record twice in one fetch (a page boundary moved while paging) is emitted once.
		if (id !== undefined) {
			if (emittedIds.has(id)) continue;
			emittedIds.add(id);
		}
		fresh.push({ record, value, id });
	}
	fresh.sort((a, b) => compareCursorValues(a.value, b.value));
	return {
		fresh: [...fresh.map((entry) => entry.record), ...changedWithoutCursor],
		cursor: advance(cursor, fresh),
		withoutCursor,
	};
}

/** The cursor after emitting records (ascending by value). */
function advance(
	cursor: PollCursor | undefined,
	emitted: { value: string | number; id: string | undefined }[],
): PollCursor | undefined {
	if (emitted.length === 0) return cursor;
	const top = emitted[emitted.length - 1].value;
	// Only a change feed lists records behind the cursor; the cursor never moves back.
	if (cursor !== undefined && compareCursorValues(cursor.value, top) > 0) return cursor;
	const atTop = emitted
		.filter((entry) => compareCursorValues(entry.value, top) === 0)
		.map((entry) => entry.id)
		.filter((id): id is string => id !== undefined);
	const carried = cursor !== undefined && compareCursorValues(cursor.value, top) === 0 ? cursor.idsAtValue : [];
	return { value: top, idsAtValue: [...new Set([...carried, ...atTop])] };
}

/** The cursor stored in workflow static data, if it has a usable shape. */
export function readStoredCursor(stored: unknown): PollCursor | undefined {
	if (stored === null || typeof stored !== 'object') return undefined;
	const { value, idsAtValue } = stored as Record<string, unknown>;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	return { value, idsAtValue: Array.isArray(idsAtValue) ? idsAtValue.map(String) : [] };
}

/**
 * The query parameters of a system's incremental request option for the cursor reached (none
 * without a request option: the cursor filter then runs on every listed record).
 */
export function sinceQuery(
	incremental: IncrementalSync | undefined,
	cursorField: string,
	cursor: PollCursor | undefined,
	parameters: Record<string, string> = {},
): Record<string, string> {
	if (incremental?.requestOption === undefined) return {};
	const key = cursor === undefined ? undefined : cursorKey(cursor.value);
	return incremental.requestOption({
		cursorField,
		value: key?.kind === 'number' ? (key.key as number) : undefined,
		parameters,
	});
}
