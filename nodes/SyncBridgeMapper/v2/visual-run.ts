import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { createMapper, type MapResult } from '../../../runtime/mapping';
import {
	compileVisualMapping,
	exportMappingDocument,
	fieldProblems,
	withComputedValues,
} from '../../../runtime/mapping/visual';
import { readTargetField } from '../../../runtime/mapping/target-key';
import { errorValue, settleResults, sourceRecords, type SourceRecord } from '../mapped-items';
import { readVisualSetup, type VisualSetup } from './visual-setup';

type Outputs = [INodeExecutionData[], INodeExecutionData[]];

/** Map mode: conditions, then one sandbox pass over the whole batch, then the target's field checks. */
export async function runVisualMapping(context: IExecuteFunctions, mode: string): Promise<Outputs> {
	const items = context.getInputData();
	const mapped: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	const all = sourceRecords(context, items, failed);
	const setup = readVisualSetup(
		context,
		all.map((source) => source.record),
	);
	const sources = passingConditions(context, all, failed);
	const { results, records } = await mapSources(context, setup, sources);
	reportAutoMapped(context, setup);

	if (mode === 'export')
		return [
			[{ json: { document: exported(setup, records, results) as unknown as IDataObject }, pairedItem: { item: 0 } }],
			failed,
		];
	if (mode === 'test') return preview(setup, sources, records, results, failed);

	const checkFields = (context.getNodeParameter('options', 0, {}) as { checkFields?: boolean }).checkFields !== false;
	const checked = checkFields ? results.map((result) => withFieldChecks(result, setup)) : results;
	settleResults(checked, sources, items, mapped, failed);
	return [mapped, failed];
}

/** The "Only Map Items Where" filter, evaluated by n8n per item; items that do not match go to Error. */
function passingConditions(
	context: IExecuteFunctions,
	sources: SourceRecord[],
	failed: INodeExecutionData[],
): SourceRecord[] {
	const filter = context.getNodeParameter('conditions', 0, {}, { rawExpressions: true }) as { conditions?: unknown[] };
	if (!filter.conditions || filter.conditions.length === 0) return sources;
	const verdicts = new Map<number, boolean | Error>();
	const passing: SourceRecord[] = [];
	for (const source of sources) {
		let verdict = verdicts.get(source.itemIndex);
		if (verdict === undefined) {
			try {
				verdict = context.getNodeParameter('conditions', source.itemIndex, false, { extractValue: true }) as boolean;
			} catch (error) {
				verdict = error instanceof Error ? error : new Error(String(error));
			}
			verdicts.set(source.itemIndex, verdict);
		}
		if (verdict === true) passing.push(source);
		else {
			const error =
				verdict === false
					? { code: 'CONDITIONS_NOT_MET', message: 'The item does not match "Only Map Items Where"' }
					: { code: 'CONDITIONS_FAILED', message: verdict.message };
			failed.push({ json: { ...(source.record as IDataObject), error }, pairedItem: { item: source.itemIndex } });
		}
	}
	return passing;
}

/** Fields the sandbox cannot read (n8n expressions beyond a plain drag) are evaluated by n8n and ride along. */
async function mapSources(
	context: IExecuteFunctions,
	setup: VisualSetup,
	sources: SourceRecord[],
): Promise<{ results: MapResult[]; records: unknown[] }> {
	const { document, computed } = compileVisualMapping(setup.visual);
	let records = sources.map((source) => source.record);
	const evaluationErrors = new Map<number, { code: string; message: string }>();
	if (computed.length > 0) {
		records = sources.map((source, index) => {
			const values: Record<string, unknown> = {};
			for (const field of computed) {
				try {
					values[field.slot] = context.getNodeParameter(setup.parameterOf.get(field.id) ?? '', source.itemIndex);
				} catch (error) {
					evaluationErrors.set(index, {
						code: 'EXPRESSION_FAILED',
						message: `Field "${field.id}": ${errorValue(error).message}`,
					});
				}
			}
			return withComputedValues(source.record, values);
		});
	}
	const results = await createMapper(document).map(records);
	for (const [index, error] of evaluationErrors) results[index] = { status: 'failed', error };
	return { results, records: sources.map((source) => source.record) };
}

function withFieldChecks(result: MapResult, setup: VisualSetup): MapResult {
	if (result.status !== 'mapped') return result;
	const problems = fieldProblems(result.value, setup.schema);
	if (problems.length === 0) return result;
	return {
		status: 'failed',
		error: { code: problems[0].code, message: problems.map((problem) => problem.message).join('; ') },
	};
}

function reportAutoMapped(context: IExecuteFunctions, setup: VisualSetup): void {
	if (setup.autoMapped.size === 0) return;
	const pairs = [...setup.autoMapped].map(([field, input]) => `${field} ← ${input}`).join(', ');
	context.addExecutionHints({ message: `Auto-mapped by name: ${pairs}`, location: 'outputPane' });
}

/** Test Mapping: one item per record, each field with where it came from, its source value and what it became. */
function preview(
	setup: VisualSetup,
	sources: SourceRecord[],
	records: unknown[],
	results: MapResult[],
	failed: INodeExecutionData[],
): Outputs {
	const ok: INodeExecutionData[] = [];
	results.forEach((result, index) => {
		const record = records[index];
		const value = result.status === 'mapped' ? result.value : undefined;
		const problems = value === undefined ? [] : fieldProblems(value, setup.schema);
		const fields = setup.visual.fields.map((field) => {
			const problem = problems.find((candidate) => candidate.field === field.id);
			return {
				field: field.id,
				from: sourceLabel(field, setup),
				sourceValue:
					field.source.kind === 'path'
						? readSource(record, field.source.segments)
						: field.source.kind === 'constant'
							? field.source.value
							: undefined,
				targetValue: readTargetField(value, field.id),
				...(field.casts ? { casts: field.casts } : {}),
				...(problem ? { problem: problem.message } : {}),
			};
		});
		const missing = setup.schema
			.filter((field) => field.required && !setup.visual.fields.some((mapped) => mapped.id === field.id))
			.map((field) => field.id);
		const json: IDataObject = {
			fields,
			missingRequired: [
				...new Set([...missing, ...problems.filter((p) => p.code === 'REQUIRED_FIELD_MISSING').map((p) => p.field)]),
			],
			typeMismatches: problems.filter((problem) => problem.code === 'TYPE_MISMATCH').map((problem) => problem.message),
		};
		if (result.status !== 'mapped') json.error = { ...(result.status === 'failed' ? result.error : result.reason) };
		const bad = result.status !== 'mapped' || problems.length > 0 || missing.length > 0;
		(bad ? failed : ok).push({ json, pairedItem: { item: sources[index].itemIndex } });
	});
	return [ok, failed];
}

function sourceLabel(field: VisualSetup['visual']['fields'][number], setup: VisualSetup): string {
	if (field.origin === 'auto') return `auto-mapped from ${setup.autoMapped.get(field.id)}`;
	switch (field.source.kind) {
		case 'path':
			return `input field ${field.source.segments.map((segment) => ('index' in segment ? `[${segment.index}]` : segment.key)).join('.')}`;
		case 'constant':
			return 'fixed value';
		case 'expression':
			return `expression ${field.source.text}`;
		default:
			return field.default !== undefined ? 'default only' : 'nothing';
	}
}

function readSource(record: unknown, segments: readonly ({ key: string } | { index: number })[]): unknown {
	let current = record;
	for (const segment of segments) {
		if (current === null || typeof current !== 'object') return undefined;
		const key = 'index' in segment ? String(segment.index) : segment.key;
		if (!Object.prototype.hasOwnProperty.call(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** Export: the mapping as a document, with up to three of the input records and their results as examples. */
function exported(setup: VisualSetup, records: unknown[], results: MapResult[]) {
	const examples = results
		.map((result, index) => ({ result, input: records[index] }))
		.filter(({ result }) => result.status === 'mapped')
		.slice(0, 3)
		.map(({ result, input }) => ({ input, output: (result as { value: unknown }).value }));
	return exportMappingDocument(setup.visual, examples);
}
