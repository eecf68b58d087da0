import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { MappingError, parseCsv, recordsAt, xmlToJson, type MapResult } from '../../runtime/mapping';
import { withInputMetadata } from './input-metadata';

/** A record to map and the input item it came from (an XML or CSV item holds several). */
export interface SourceRecord {
	record: unknown;
	itemIndex: number;
}

/** The records of every input item, per the node's Input Format; items that hold none go to the error output. */
export function sourceRecords(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	failed: INodeExecutionData[],
): SourceRecord[] {
	const format = context.getNodeParameter('inputFormat', 0) as string;
	const sources: SourceRecord[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			for (const record of recordsOf(context, items[itemIndex].json, format, itemIndex))
				sources.push({ record, itemIndex });
		} catch (error) {
			failed.push({ json: { ...items[itemIndex].json, error: errorValue(error) }, pairedItem: { item: itemIndex } });
		}
	}
	return sources;
}

/** Mapped records to the Mapped output (with their input's SyncBridge metadata), the rest to Error with the reason. */
export function settleResults(
	results: readonly MapResult[],
	sources: readonly SourceRecord[],
	items: INodeExecutionData[],
	mapped: INodeExecutionData[],
	failed: INodeExecutionData[],
): void {
	results.forEach((result, index) => {
		const { record, itemIndex } = sources[index];
		const pairedItem = { item: itemIndex };
		if (result.status === 'mapped')
			mapped.push({ json: withInputMetadata(result.value as IDataObject, items[itemIndex].json), pairedItem });
		else {
			const error = result.status === 'failed' ? result.error : result.reason;
			failed.push({ json: { ...(record as IDataObject), error: { ...error } }, pairedItem });
		}
	});
}

export function errorValue(error: unknown): { code: string; message: string } {
	if (error instanceof MappingError) return { code: error.code, message: error.message };
	return { code: 'MAPPING_FAILED', message: error instanceof Error ? error.message : String(error) };
}

function recordsOf(context: IExecuteFunctions, json: IDataObject, format: string, itemIndex: number): unknown[] {
	if (format === 'json') return [json];
	const field = context.getNodeParameter('inputField', itemIndex) as string;
	const text = json[field];
	if (typeof text !== 'string')
		throw new MappingError('INPUT_FIELD', `Field "${field}" does not hold ${format.toUpperCase()} text`);
	if (format === 'csv') return parseCsv(text).map((row) => ({ ...row }));
	return recordsAt(xmlToJson(text), context.getNodeParameter('resultsPosition', itemIndex) as string);
}
