import { canonicalize } from './canonical-hash';

/**
 * How to settle a field both sides changed: keep the origin's value, keep the target's, take the
 * side that changed most recently, or hold the whole object back for a person to decide.
 */
export type FieldPolicy = 'origin' | 'target' | 'lastWriterWins' | 'park';

export interface ConflictPolicy {
	/** Policy for fields not listed in `fields`. */
	default: FieldPolicy;
	fields?: Record<string, FieldPolicy>;
}

export interface ConflictInput {
	/** The object as the origin has it now (what we are about to write). */
	origin: Record<string, unknown>;
	/** The object as the target has it now. */
	target: Record<string, unknown>;
	/** When each side last changed (ISO or ms); used by lastWriterWins. */
	originModifiedAt?: string | number;
	targetModifiedAt?: string | number;
	/** Fields ignored in the comparison (volatile fields). */
	ignore?: readonly string[];
}

export interface ConflictResolution {
	/** Fields whose values differ between the two sides. */
	conflicting: string[];
	/** Conflicting fields held back under `park`; non-empty means do not write. */
	parked: string[];
	/** The object to write to the target. */
	merged: Record<string, unknown>;
	/** Fields where the target's value won, so the origin is now behind. */
	keptFromTarget: string[];
}

/** When an object last changed, for Last Writer Wins: the first of the usual timestamp fields it has. */
export function modifiedAt(record: Record<string, unknown>): string | undefined {
	for (const key of ['updatedAt', 'updated_at', 'modifiedAt', 'lastModified']) {
		const value = record[key];
		if (typeof value === 'string' || typeof value === 'number') return String(value);
	}
	return undefined;
}

/** Top-level, field-by-field resolution; a pure function. */
export function resolveConflicts(input: ConflictInput, policy: ConflictPolicy): ConflictResolution {
	const ignore = new Set(input.ignore ?? []);
	const fields = new Set([...Object.keys(input.origin), ...Object.keys(input.target)]);
	const merged: Record<string, unknown> = { ...input.origin };
	const conflicting: string[] = [];
	const parked: string[] = [];
	const keptFromTarget: string[] = [];
	const newer = newerSide(input.originModifiedAt, input.targetModifiedAt);

	for (const field of [...fields].sort()) {
		if (ignore.has(field)) continue;
		if (canonicalize(input.origin[field]) === canonicalize(input.target[field])) continue;
		conflicting.push(field);
		const rule = policy.fields?.[field] ?? policy.default;
		const winner = rule === 'lastWriterWins' ? newer : rule;
		if (winner === 'park') parked.push(field);
		else if (winner === 'target') {
			keptFromTarget.push(field);
			if (field in input.target) merged[field] = input.target[field];
			else delete merged[field];
		}
	}
	return { conflicting, parked, merged, keptFromTarget };
}

/** Ties and missing timestamps go to the origin: the change being synchronised is the newer fact. */
function newerSide(origin: string | number | undefined, target: string | number | undefined): 'origin' | 'target' {
	const o = toMs(origin);
	const t = toMs(target);
	if (o === undefined || t === undefined) return 'origin';
	return t > o ? 'target' : 'origin';
}

function toMs(value: string | number | undefined): number | undefined {
	if (value === undefined) return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}
