import { isDeepStrictEqual } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import { withArrayPaths } from './array-paths';
import { decodeResults, encodeBatch, type SandboxResult } from './batch-codec';
import { planOf, validateMappingDocument, type MappingDocument } from './mapping-document';
import { fillDefaults } from './defaults';
import type { MappingErrorValue } from './mapping-error';
import { sharedSandbox, type MappingSandbox } from './sandbox';

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

const ajv = new Ajv({ allErrors: true, strict: false });

/** Compiles a document once (validation on the host, plan compiled inside the isolate). */
export function createMapper(document: unknown, options: MapperOptions = {}): Mapper {
	const doc = validateMappingDocument(document);
	const sandbox = options.sandbox ?? sharedSandbox();
	const batchSize = options.batchSize ?? 2000;
	const plan = sandbox.register(JSON.stringify(planOf(doc)));
	const validateOutput: ValidateFunction | undefined = doc.outputSchema ? ajv.compile(doc.outputSchema) : undefined;
	const toMapResult = (raw: SandboxResult): MapResult => {
		if (raw.status === 'mapped' && doc.defaults) fillDefaults(raw.value as Record<string, unknown>, doc.defaults);
		if (raw.status === 'skipped') return { status: 'skipped', reason: { code: 'CONDITIONS_NOT_MET', message: `Record does not meet the conditions of "${doc.name}"` } };
		if (raw.status === 'mapped' && validateOutput && !validateOutput(raw.value)) {
			const detail = (validateOutput.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
			return { status: 'failed', error: { code: 'OUTPUT_SCHEMA', message: `Mapped record violates the output schema of "${doc.name}": ${detail}` } };
		}
		return raw as MapResult; // mapped (a record value) or failed: the same shape, no copy per record
	};
	return {
		document: doc,
		async map(input) {
			const records = doc.arrayPaths === undefined ? input : input.map((record) => withArrayPaths(record, doc.arrayPaths as string[]));
			const batches: (readonly unknown[])[] = [];
			for (let start = 0; start < records.length; start += batchSize) batches.push(records.slice(start, start + batchSize));
			const results: MapResult[] = [];
			// One isolate call in flight at a time; the host encodes the next batch and decodes the previous
			// one while the isolate maps the current batch.
			const launch = (json: string) => sandbox.call(plan.id, json).then((output) => ({ output }), (error: unknown) => ({ error }));
			let pending = batches.length > 0 ? launch(encodeBatch(batches[0], plan.columns)) : undefined;
			for (let k = 0; k < batches.length && pending; k++) {
				const nextJson = k + 1 < batches.length ? encodeBatch(batches[k + 1], plan.columns) : undefined;
				const outcome = await pending;
				let raw: SandboxResult[];
				if ('output' in outcome) {
					pending = nextJson === undefined ? undefined : launch(nextJson);
					try {
						raw = decodeResults(outcome.output, batches[k].length);
					} catch (error) {
						raw = await sandbox.recover(plan, batches[k], error);
					}
				} else {
					// recovered before the next batch starts, so a timeout or out-of-memory is never blamed on another batch
					raw = await sandbox.recover(plan, batches[k], outcome.error);
					pending = nextJson === undefined ? undefined : launch(nextJson);
				}
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
		const base = { index, expected: example.output, ...(example.description ? { description: example.description } : {}) };
		if (result.status === 'mapped') return { ...base, passed: isDeepStrictEqual(plain(result.value), example.output), actual: result.value };
		if (result.status === 'skipped') return { ...base, passed: example.output === null, actual: null };
		return { ...base, passed: false, error: result.error };
	});
}

function plain(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value)) as unknown;
}
