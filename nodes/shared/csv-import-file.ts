import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { failureUnavailableReason, writeCsvExport, type UnavailableReason } from '../../runtime/connectors';
import type { CustomOperationDescription } from './connector-properties';
import {
	errorItem,
	withoutMetadata,
	type ConnectorEnvironment,
	type ConnectorOutputs,
	type CustomOperationHandler,
} from './connector-router';

/** The Write CSV Import File operation's parameters. */
export function csvImportFileDescription(resource: string, what: string): CustomOperationDescription {
	const properties: INodeProperties[] = [
		{
			displayName: 'Items to Write',
			name: 'csvItems',
			type: 'options',
			default: 'undelivered',
			options: [
				{
					name: 'Undelivered Because the API Was Unavailable',
					value: 'undelivered',
					description:
						"Items from SyncBridge Upsert's Error output that failed for want of the API (network error, 5xx after the retries, open circuit, 404); every other item goes to the Error output",
				},
				{ name: 'All Items', value: 'all', description: 'Every input item, for systems fed by file import only' },
			],
		},
	];
	return {
		resource,
		value: 'csvImportFile',
		name: 'Write CSV Import File',
		action: `Write ${what} to a CSV import file`,
		description: `Write ${what} to the system's CSV import file without calling its API`,
		properties,
	};
}

/**
 * Write CSV Import File: no API call. The chosen items become one file in the system's CSV import
 * format (the descriptor's `csvExport`), emitted as one item with the file as binary `data` and the
 * summary `{via: 'csv', fileName, rowCount, reason?, detail?}`, paired with those items. Placed after
 * SyncBridge Upsert's Error output, it turns an outage into a file while the contracts stay unwritten,
 * so the next run writes the same objects through the API.
 */
export function csvImportFile(resource: string): CustomOperationHandler {
	return async (
		context: IExecuteFunctions,
		environment: ConnectorEnvironment,
		items: INodeExecutionData[],
	): Promise<ConnectorOutputs> => {
		const spec = environment.descriptor.resources[resource]?.csvExport;
		if (spec === undefined) throw new Error(`${environment.descriptor.displayName} has no CSV format for ${resource}`);
		const onlyUndelivered = context.getNodeParameter('csvItems', 0, 'undelivered') === 'undelivered';
		const chosen: { index: number; reason?: UnavailableReason; detail?: string }[] = [];
		const errors: INodeExecutionData[] = [];

		items.forEach((item, index) => {
			if (!onlyUndelivered) {
				chosen.push({ index });
				return;
			}
			const failure = failureOf(item.json);
			const reason = failure === undefined ? undefined : failureUnavailableReason(failure);
			if (reason !== undefined) chosen.push({ index, reason, detail: failure?.message });
			else if (failure !== undefined) errors.push({ json: item.json, pairedItem: { item: index } });
			else {
				errors.push(
					errorItem(item, index, {
						code: 'NOT_UNDELIVERED',
						message:
							"The item did not fail: connect this node to SyncBridge Upsert's Error output, or choose All Items",
					}),
				);
			}
		});
		if (chosen.length === 0) return { success: [], errors };

		const content = writeCsvExport(
			chosen.map(({ index }) => withoutMetadata(items[index].json)),
			spec,
		);
		const binary = await context.helpers.prepareBinaryData(Buffer.from(content, 'utf8'), spec.fileName, 'text/csv');
		const first = chosen[0];
		const summary: IDataObject = {
			via: 'csv',
			fileName: spec.fileName,
			rowCount: chosen.length,
			...(first.reason === undefined ? {} : { reason: first.reason }),
			...(first.detail === undefined ? {} : { detail: first.detail }),
		};
		return {
			success: [{ json: summary, binary: { data: binary }, pairedItem: chosen.map(({ index }) => ({ item: index })) }],
			errors,
		};
	};
}

/** `_syncbridge.error` of an item from a SyncBridge Error output, if it has one. */
function failureOf(json: IDataObject): { code: string; httpStatus?: number; message?: string } | undefined {
	const error = (json._syncbridge as IDataObject | undefined)?.error as IDataObject | undefined;
	if (error === undefined || typeof error.code !== 'string') return undefined;
	return {
		code: error.code,
		...(typeof error.httpStatus === 'number' ? { httpStatus: error.httpStatus } : {}),
		...(typeof error.message === 'string' ? { message: error.message } : {}),
	};
}
