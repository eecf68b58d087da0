import { readPath } from '../dot-path';

/**
 * Whether an inbound object reports its own deletion: the value at the Deleted Flag Field is `true`.
 * Event-driven flows (a `customer.deleted` webhook) see one deleted object, never the complete set a
 * delete pass needs, so the object says so itself. No field configured: nothing is a deletion.
 */
export function reportsDeletion(record: unknown, deletedFlagField: string | undefined): boolean {
	if (deletedFlagField === undefined || deletedFlagField.trim() === '') return false;
	return readPath(record, deletedFlagField.trim()) === true;
}
