import { SyncBridgeError } from '../errors';
import { readPath } from '../dot-path';

/**
 * The origin's own notion of "which version of this object is newer": a number (a version counter,
 * a sequence) or a timestamp (ISO 8601 text, compared as instants). Both are reduced to one number
 * so stores keep a single column and comparisons are plain `<`.
 */
export type OriginVersion = number;

/** The value at the Origin Version Field cannot be read as a number or a timestamp. */
export class InvalidOriginVersionError extends SyncBridgeError {
	readonly code = 'INVALID_ORIGIN_VERSION';
	constructor(
		readonly path: string,
		readonly value: unknown,
	) {
		super(
			`The origin version at "${path}" must be a number or an ISO timestamp, got ${JSON.stringify(value) ?? String(value)}`,
		);
		this.name = 'InvalidOriginVersionError';
	}
}

/** Numbers (and numeric strings) as they are; ISO timestamps as epoch milliseconds. */
export function parseOriginVersion(value: unknown, path = 'originVersion'): OriginVersion {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim();
		if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
		const instant = Date.parse(text);
		if (!Number.isNaN(instant) && /^\d{4}-\d{2}-\d{2}/.test(text)) return instant;
	}
	throw new InvalidOriginVersionError(path, value);
}

/** Reads the version at a dot path of the inbound record; `undefined` when no field is configured. */
export function originVersionOf(record: unknown, path: string | undefined): OriginVersion | undefined {
	if (path === undefined || path.trim() === '') return undefined;
	return parseOriginVersion(readPath(record, path.trim()), path.trim());
}

/**
 * Whether an inbound version must not be written over the contract's. Strictly older is stale. An
 * equal version is not: origins with second-resolution timestamps emit two different contents under
 * one version, and refusing the second would lose a real change. An equal version with the same
 * hash is already `unchanged` by the hash rule.
 */
export function isStale(inbound: OriginVersion | undefined, stored: OriginVersion | null | undefined): boolean {
	if (inbound === undefined || stored === null || stored === undefined) return false;
	return inbound < stored;
}
