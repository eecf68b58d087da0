import { readPath } from '../dot-path';

/** A record's id as a string, read from `idPosition` (`id`, `Id`, `@attributes.identifier`, `node.dbId`). */
export function extractId(record: unknown, idPosition = 'id'): string | undefined {
	const value = readPath(record, idPosition);
	if (typeof value === 'string') return value === '' ? undefined : value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	return undefined;
}
