import { modifiedSinceSoql } from '../connectors/systems/salesforce';
import { cursorKey, type PollCursor } from './poll-cursor';

/**
 * Query parameters that let a system filter on its side, so a poll only transfers records at or
 * after the cursor. Inclusive on purpose: records at the cursor value are re-read and deduplicated
 * by id (poll-cursor.ts), so one written in the same second as the last poll is not missed.
 * Unknown systems return nothing; the cursor filter then runs on every listed record.
 */
export function sinceQuery(connectorId: string, cursorField: string, cursor: PollCursor | undefined, salesforce?: { sobject: string; fields: string[] }): Record<string, string> {
	if (connectorId === 'salesforce') {
		// SOQL `>` is exclusive: step back one second and let the id dedupe drop what was seen.
		const since = cursor === undefined ? new Date(0) : new Date(Number(cursorKey(cursor.value)?.key ?? 0) - 1000);
		return { q: modifiedSinceSoql(salesforce?.sobject ?? 'Contact', salesforce?.fields ?? [], since) };
	}
	if (cursor === undefined) return {};
	const key = cursorKey(cursor.value);
	if (key === undefined || key.kind !== 'number') return {};
	if (connectorId === 'stripe' && cursorField === 'created') return { 'created[gte]': String(key.key) };
	if (connectorId === 'dynamics365' && cursorField === 'modifiedon') {
		return { $filter: `modifiedon ge ${new Date(key.key as number).toISOString()}`, $orderby: 'modifiedon asc' };
	}
	if (connectorId === 'google-calendar' && cursorField === 'updated') return { updatedMin: new Date(key.key as number).toISOString() };
	return {};
}
