import type { MappingErrorValue } from './mapping-error';

/** One record's outcome in the isolate (the mapper adds the output schema check and the skip reason). */
export type SandboxResult =
	{ status: 'mapped'; value: unknown } | { status: 'failed'; error: MappingErrorValue } | { status: 'skipped' };

/** The input paths a compiled plan reads (one column each), or undefined when it needs whole records. */
export type InputColumns = readonly (readonly string[])[] | undefined;

const forbidden = new Set(['__proto__', 'constructor', 'prototype']);

type Reader = (record: unknown) => unknown;

function child(value: unknown, key: string): unknown {
	return value !== null && typeof value === 'object' && Object.hasOwn(value, key)
		? (value as Record<string, unknown>)[key]
		: undefined;
}

/** Own-property read along a path, as the isolate does it; undefined when any step is missing. */
function reader(parts: readonly string[]): Reader {
	if (parts.some((part) => forbidden.has(part))) return () => undefined;
	const [first, second] = parts;
	if (parts.length === 1) return (record) => child(record, first);
	if (parts.length === 2) return (record) => child(child(record, first), second);
	return (record) => parts.reduce(child, record);
}

/** A value JSON.stringify would drop from an object (so the isolate must see it as absent). */
function isAbsent(value: unknown): boolean {
	return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A batch as the isolate reads it: `json` holds the records at `kept`, `rejected` the records JSON cannot encode. */
export interface EncodedBatch {
	/** Undefined when no record could be encoded. */
	readonly json: string | undefined;
	/** Indexes (into the batch) of the records in `json`, in order. */
	readonly kept: readonly number[];
	readonly rejected: readonly (readonly [number, string])[];
}

/**
 * The records themselves, or, when the plan reads only known paths, `{ n, c, u }` with one array of values
 * per path (`c`) and the [column, row] pairs whose value is absent (`u`). Columns carry far less than whole
 * records and parse faster in the isolate. Throws when a value cannot be encoded.
 */
function encode(records: readonly unknown[], columns: InputColumns): string {
	if (columns === undefined) return JSON.stringify(records);
	const absent: number[] = [];
	const values = columns.map((parts, k) => {
		const read = reader(parts);
		const column = new Array<unknown>(records.length);
		for (let i = 0; i < records.length; i++) {
			const value = read(records[i]);
			if (isAbsent(value)) {
				absent.push(k, i);
				column[i] = null;
			} else column[i] = value;
		}
		return column;
	});
	return JSON.stringify({ n: records.length, c: values, u: absent });
}

/** Why JSON cannot encode what the isolate would read of a record (a BigInt, a cycle, nesting too deep), or undefined. */
function encodingFailure(record: unknown, columns: InputColumns): string | undefined {
	try {
		encode([record], columns);
		return undefined;
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
}

/** Encodes a batch; a record JSON cannot encode is set aside (it fails alone, see mergeRejected) instead of failing the batch. */
export function encodeBatch(records: readonly unknown[], columns: InputColumns): EncodedBatch {
	try {
		return { json: encode(records, columns), kept: records.map((_, i) => i), rejected: [] };
	} catch {
		const kept: number[] = [];
		const rejected: [number, string][] = [];
		records.forEach((record, i) => {
			const failure = encodingFailure(record, columns);
			if (failure === undefined) kept.push(i);
			else rejected.push([i, failure]);
		});
		return {
			json:
				kept.length === 0
					? undefined
					: encode(
							kept.map((i) => records[i]),
							columns,
						),
			kept,
			rejected,
		};
	}
}

/** One result per record of the batch: the isolate's results for the kept records, INVALID_RECORD for the rejected ones. */
export function mergeRejected(count: number, batch: EncodedBatch, keptResults: SandboxResult[]): SandboxResult[] {
	if (batch.rejected.length === 0) return keptResults;
	const results = new Array<SandboxResult>(count);
	batch.kept.forEach((index, k) => (results[index] = keptResults[k]));
	for (const [index, reason] of batch.rejected) {
		results[index] = {
			status: 'failed',
			error: { code: 'INVALID_RECORD', message: `Record cannot be sent to the sandbox as JSON: ${reason}` },
		};
	}
	return results;
}

interface RawBatch {
	v: unknown[];
	f: [number, string, string][];
	s: number[];
}

/** Turns the isolate's `{ v, f, s }` answer into one result per record. */
export function decodeResults(json: string, count: number): SandboxResult[] {
	const raw = JSON.parse(json) as RawBatch;
	if (!Array.isArray(raw.v) || raw.v.length !== count)
		throw new Error(`sandbox answered ${String(raw.v?.length)} results for ${count} records`);
	const results: SandboxResult[] = raw.v.map((value) => ({ status: 'mapped', value }));
	for (const [index, code, message] of raw.f)
		results[index] = { status: 'failed', error: { code: String(code), message: String(message) } };
	for (const index of raw.s) results[index] = { status: 'skipped' };
	return results;
}

/** Validates the column list the isolate reports for a plan (it is data from the isolate, checked like input). */
export function parseColumns(json: string): InputColumns {
	const answer = JSON.parse(json) as { columns: unknown };
	if (answer.columns === null) return undefined;
	if (!Array.isArray(answer.columns) || !answer.columns.every((path) => typeof path === 'string')) {
		throw new Error('sandbox reported malformed input columns');
	}
	return (answer.columns as string[]).map((path) => path.split('.'));
}
