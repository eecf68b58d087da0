import { isDeepStrictEqual } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import { projectionOf, projector } from './input-projection';
import { planOf, validateMappingDocument, type MappingDocument } from './mapping-document';
import type { MappingErrorValue } from './mapping-error';
import { sharedSandbox, type MappingSandbox } from './sandbox';

export type MapResult =
	| { status: 'mapped'; value: Record<string, unknown> }
	| { status: 'skipped'; reason: MappingErrorValue }
	| { status: 'failed'; error: MappingErrorValue };

export interface MapperOptions {
	sandbox?: MappingSandbox;
	/** Records per isolate call. */
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
	const batchSize = options.batchSize ?? 500;
	const id = sandbox.register(JSON.stringify(planOf(doc)));
	const tree = projectionOf(doc);
	const projection = tree && projector(tree);
	const validateOutput: ValidateFunction | undefined = doc.outputSchema ? ajv.compile(doc.outputSchema) : undefined;
	return {
		document: doc,
		async map(records) {
			const results: MapResult[] = [];
			for (let start = 0; start < records.length; start += batchSize) {
				const slice = records.slice(start, start + batchSize);
				for (const raw of await sandbox.run(id, projection ? slice.map(projection) : slice)) {
					if ('skipped' in raw) {
						results.push({ status: 'skipped', reason: { code: 'CONDITIONS_NOT_MET', message: `Record does not meet the conditions of "${doc.name}"` } });
					} else if (!raw.ok) {
						results.push({ status: 'failed', error: raw.error });
					} else if (validateOutput && !validateOutput(raw.value)) {
						const detail = (validateOutput.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
						results.push({ status: 'failed', error: { code: 'OUTPUT_SCHEMA', message: `Mapped record violates the output schema of "${doc.name}": ${detail}` } });
					} else {
						results.push({ status: 'mapped', value: raw.value as Record<string, unknown> });
					}
				}
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
