import { isDeepStrictEqual } from 'node:util';
import type { SandboxResult } from './batch-codec';
import { withArrayPaths } from './array-paths';
import { planOf, validateMappingDocument, type MappingDocument } from './mapping-document';
import type { MappingErrorValue } from './mapping-error';
import { sharedSandbox, type MappingSandbox, type PreparedBatch } from './sandbox';

export type MapResult =
	| { status: 'mapped'; value: Record<string, unknown> }
	| { status: 'skipped'; reason: MappingErrorValue }
	| { status: 'failed'; error: MappingErrorValue };

export interface MapperOptions {
	sandbox?: MappingSandbox;
	/** Records per isolate call (default 2000). */
	batchSize?: number;
}

export interface Mapper {
	readonly document: MappingDocument;
	/** Maps records in order; one result per record, never throws for a bad record. */
	map(records: readonly unknown[]): Promise<MapResult[]>;
}

export interface ExampleResult {
	index: number;
	description?: string;
	passed: boolean;
	expected: unknown;
	actual?: unknown;
	error?: MappingErrorValue;
}

/** Compiles a document once (validation on the host, plan and output schema compiled inside the document's own context). */
export function createMapper(document: unknown, options: MapperOptions = {}): Mapper {
	const doc = validateMappingDocument(document);
	const sandbox = options.sandbox ?? sharedSandbox();
	const batchSize = options.batchSize ?? 2000;
	const plan = sandbox.register(JSON.stringify(planOf(doc)));
	const toMapResult = (raw: SandboxResult): MapResult => {
		if (raw.status === 'skipped')
			return {
				status: 'skipped',
				reason: { code: 'CONDITIONS_NOT_MET', message: `Record does not meet the conditions of "${doc.name}"` },
			};
		return raw as MapResult; // mapped (a record value) or failed: the same shape, no copy per record
	};
	return {
		document: doc,
		async map(input) {
			const records =
				doc.arrayPaths === undefined
					? input
					: input.map((record) => withArrayPaths(record, doc.arrayPaths as string[]));
			const batches: (readonly unknown[])[] = [];
			for (let start = 0; start < records.length; start += batchSize)
				batches.push(records.slice(start, start + batchSize));
			const results: MapResult[] = [];
			// One isolate call in flight at a time; the host encodes the next batch and decodes the previous
			// one while the isolate maps the current batch. A batch that timed out is finished (see
			// MappingSandbox.execute) and one that failed as a whole is narrowed down before the next one starts,
			// so a timeout or out-of-memory is never blamed on another batch.
			const launch = (batch: PreparedBatch) => sandbox.execute(plan, batch).catch((error: unknown) => ({ error }));
			let prepared = batches.length > 0 ? sandbox.prepare(plan, batches[0]) : undefined;
			let pending = prepared && launch(prepared);
			for (let k = 0; k < batches.length && prepared && pending; k++) {
				const next = k + 1 < batches.length ? sandbox.prepare(plan, batches[k + 1]) : undefined;
				const outcome = await pending;
				const failedAsWhole = outcome !== undefined && typeof outcome === 'object';
				if (!failedAsWhole) pending = next && launch(next);
				const raw = await sandbox.settle(plan, batches[k], prepared, outcome);
				if (failedAsWhole) pending = next && launch(next);
				prepared = next;
				for (const one of raw) results.push(toMapResult(one));
			}
			return results;
		},
	};
}

/** Runs the document's `examples` and reports each one. */
export async function runExamples(document: unknown, options: MapperOptions = {}): Promise<ExampleResult[]> {
	const mapper = createMapper(document, options);
	const examples = mapper.document.examples ?? [];
	const results = await mapper.map(examples.map((e) => e.input));
	return examples.map((example, index) => {
		const result = results[index];
		const base = {
			index,
			expected: example.output,
			...(example.description ? { description: example.description } : {}),
		};
		if (result.status === 'mapped')
			return { ...base, passed: isDeepStrictEqual(plain(result.value), example.output), actual: result.value };
		if (result.status === 'skipped') return { ...base, passed: example.output === null, actual: null };
		return { ...base, passed: false, error: result.error };
	});
}

function plain(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value)) as unknown;
}
