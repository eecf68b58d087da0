import { readPath } from '../dot-path';

/**
 * Whether an inbound object reports its own deletion: the value at the Deleted Flag Field is `true`,
 * or, when the field is written `path=value`, the value at the path is that text (Google Calendar
 * keeps a deleted event as `status: "cancelled"`: `status=cancelled`). Event-driven flows (a
 * `customer.deleted` webhook) and incremental polls see one deleted object, never the complete set a
 * delete pass needs, so the object says so itself. No field configured: nothing is a deletion.
 */
export function reportsDeletion(record: unknown, deletedFlagField: string | undefined): boolean {
	const field = deletedFlagField?.trim() ?? '';
	if (field === '') return false;
	const separator = field.indexOf('=');
	if (separator === -1) return readPath(record, field) === true;
	const value = readPath(record, field.slice(0, separator).trim());
	return (
		(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
		String(value) === field.slice(separator + 1).trim()
	);
}
