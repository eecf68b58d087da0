import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	buildRequest,
	extractResults,
	withCsvFallback,
	type ApiOutcome,
	type ExportResult,
} from '../../runtime/connectors';
import { describeFailure, failureStatus } from './connector-errors';
import type { CustomOperationDescription } from './connector-properties';
import {
	asObject,
	errorItem,
	withoutMetadata,
	type ConnectorEnvironment,
	type ConnectorOutputs,
	type CustomOperationHandler,
} from './connector-router';

/** The Export operation's parameters. */
export function exportDescription(resource: string, what: string): CustomOperationDescription {
	const properties: INodeProperties[] = [
		{
			displayName: 'CSV Fallback When the API Is Unavailable',
			name: 'csvFallback',
			type: 'boolean',
			default: true,
			description:
				"Whether to produce the system's CSV import file instead when the API is down (network error, 5xx after retries) or not enabled (404). Other errors (bad credentials, validation) still go to the Error output.",
		},
	];
	return {
		resource,
		value: 'export',
		name: 'Export',
		action: `Export ${what}`,
		description: `Send ${what} through the API, or as a CSV file when the API is unavailable`,
		properties,
	};
}

/**
 * Export: each input item (or all of them in one call, when the create operation has a `batchKey`)
 * goes to the resource's create endpoint. When the API turns out to be unavailable, every item not yet exported is
 * written to the system's CSV import file instead: one item with the file as binary data and a
 * summary `{via: 'csv', reason, detail, fileName, rowCount}`, paired with those items.
 */
export function csvFallbackExport(resource: string): CustomOperationHandler {
	return async (
		context: IExecuteFunctions,
		environment: ConnectorEnvironment,
		items: INodeExecutionData[],
	): Promise<ConnectorOutputs> => {
		const spec = environment.descriptor.resources[resource]?.csvExport;
		if (spec === undefined) throw new Error(`${environment.descriptor.displayName} has no CSV format for ${resource}`);
		const fallback = context.getNodeParameter('csvFallback', 0, true) as boolean;
		const records = items.map((item) => withoutMetadata(item.json));
		const success: INodeExecutionData[] = [];
		const errors: INodeExecutionData[] = [];
		const batched = environment.descriptor.resources[resource].operations.create?.batchKey !== undefined;
		const groups = batched ? [records.map((_, index) => index)] : records.map((_, index) => [index]);

		for (let position = 0; position < groups.length; position++) {
			const group = groups[position];
			const input = batched ? { batch: group.map((index) => records[index]) } : { body: records[group[0]] };
			let failure: unknown;
			const call = async (): Promise<ApiOutcome<unknown>> => {
				try {
					const response = await environment.send(
						buildRequest(environment.descriptor, resource, 'create', {
							credentials: environment.credentials,
							...input,
						}),
					);
					return { kind: 'response', status: response.status ?? 200, result: response.body };
				} catch (error) {
					failure = error;
					const status = failureStatus(error);
					return status === undefined ? { kind: 'networkError', error } : { kind: 'response', status };
				}
			};
			const remaining = groups.slice(position).flat();
			let result: ExportResult<unknown>;
			if (fallback) {
				result = await withCsvFallback(
					remaining.map((index) => records[index]),
					spec,
					call,
				);
			} else {
				try {
					const outcome = await call();
					result =
						outcome.kind === 'response'
							? { via: 'api', status: outcome.status, result: outcome.result }
							: { via: 'api', status: 0 };
				} catch (error) {
					failure = error;
					result = { via: 'api', status: 0 };
				}
			}
			if (result.via === 'csv') {
				const binary = await context.helpers.prepareBinaryData(
					Buffer.from(result.file.content, 'utf8'),
					result.file.fileName,
					'text/csv',
				);
				success.push({
					json: {
						via: 'csv',
						reason: result.reason,
						detail: result.detail,
						fileName: result.file.fileName,
						rowCount: result.file.rowCount,
					} as IDataObject,
					binary: { data: binary },
					pairedItem: remaining.map((item) => ({ item })),
				});
				return { success, errors };
			}
			if (failure !== undefined || result.status >= 400) {
				for (const index of group)
					errors.push(
						errorItem(
							items[index],
							index,
							describeFailure(environment.descriptor, failure ?? new Error(`HTTP ${result.status}`)),
						),
					);
				continue;
			}
			const resultsPosition = environment.descriptor.resources[resource].operations.create?.resultsPosition ?? '_root';
			const exported = result.result === undefined ? [] : extractResults(result.result, resultsPosition);
			group.forEach((index, offset) => {
				const answer = exported[batched ? offset : 0];
				success.push({
					json: {
						...items[index].json,
						_syncbridge: {
							via: 'api',
							httpStatus: result.status,
							...(answer === undefined ? {} : { result: asObject(answer) }),
						},
					},
					pairedItem: { item: index },
				});
			});
		}
		return { success, errors };
	};
}
