import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import {
	buildRequest,
	extractResults,
	findOperation,
	fetchAll,
	idFromEntityUrl,
	readErrorMessage,
	readPath,
	readRateLimit,
	type BuiltRequest,
	type ConnectorDescriptor,
	type ListResponse,
	type OperationName,
} from '../../runtime/connectors';
import { ApiAnswerError, describeFailure, type ItemFailure } from './connector-errors';
import { pathPlaceholders } from './connector-properties';
import { connectorSender } from './connector-transport';
import { mappedWrite } from './mapped-fields';

const CRUD: ReadonlySet<string> = new Set(['list', 'get', 'create', 'update', 'upsert', 'delete']);

/** What a node's custom operation gets: the connector, a way to send, and the node context. */
export interface ConnectorEnvironment {
	descriptor: ConnectorDescriptor;
	credentials: Record<string, unknown>;
	send(request: BuiltRequest): Promise<ListResponse>;
	options: IDataObject;
	listQueryParam?: string;
	pathParametersJson?: boolean;
}

export interface ConnectorOutputs {
	success: INodeExecutionData[];
	errors: INodeExecutionData[];
}

/** A custom operation handles all input items at once (batches, one CSV file for all). */
export type CustomOperationHandler = (
	context: IExecuteFunctions,
	environment: ConnectorEnvironment,
	items: INodeExecutionData[],
) => Promise<ConnectorOutputs>;

export interface ConnectorSetup {
	descriptor: ConnectorDescriptor;
	/** The n8n credential type that authenticates requests; undefined sends without authentication. */
	credentialType?: string;
	/** Fields for `{{placeholders}}` when there is no credential (a base URL parameter). */
	credentials?: Record<string, unknown>;
	custom?: Record<string, CustomOperationHandler>;
	/** The query parameter the List Query parameter (Salesforce's SOQL) is sent as. */
	listQueryParam?: string;
	/** Path placeholders come from one JSON parameter, `pathParameters` (generic connectors). */
	pathParametersJson?: boolean;
}

/** The failing item, unchanged, with `_syncbridge.error` saying why (SyncBridge's Error output convention). */
export function errorItem(item: INodeExecutionData, itemIndex: number, failure: ItemFailure): INodeExecutionData {
	const meta = (item.json._syncbridge as IDataObject | undefined) ?? {};
	return { json: { ...item.json, _syncbridge: { ...meta, error: { ...failure } } }, pairedItem: { item: itemIndex } };
}

/**
 * The execute router of every connector node: Resource + Operation -> buildRequest -> resilient
 * client over n8n's authenticated request helper -> records. Outputs: Success, Error (each failing
 * item with the system's message; nothing is dropped).
 */
export async function executeConnector(
	context: IExecuteFunctions,
	setup: ConnectorSetup,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const credentials =
		setup.credentialType === undefined
			? (setup.credentials ?? {})
			: { ...(await context.getCredentials(setup.credentialType)), ...setup.credentials };
	// In n8n the credential type signs requests (or none is wanted); the descriptor's own auth is for scripts outside n8n.
	const requestDescriptor: ConnectorDescriptor = { ...setup.descriptor, auth: { kind: 'none' } };
	const options = (context.getNodeParameter('options', 0, {}) as IDataObject) ?? {};
	const sender = connectorSender(context, setup.descriptor, setup.credentialType, {
		maxAttempts: Number(options.maxAttempts ?? 5),
	});
	const environment: ConnectorEnvironment = {
		descriptor: requestDescriptor,
		credentials,
		send: (request) => sendChecked(setup.descriptor, sender.send, request),
		options,
		listQueryParam: setup.listQueryParam,
		pathParametersJson: setup.pathParametersJson,
	};

	const success: INodeExecutionData[] = [];
	const errors: INodeExecutionData[] = [];
	if (items.length === 0) return [success, errors];

	const resource = context.getNodeParameter('resource', 0) as string;
	const operation = context.getNodeParameter('operation', 0) as string;
	const custom = setup.custom?.[`${resource}:${operation}`];
	if (custom !== undefined) {
		const result = await custom(context, environment, items);
		return [result.success, result.errors];
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const itemResource = context.getNodeParameter('resource', itemIndex) as string;
		const itemOperation = context.getNodeParameter('operation', itemIndex) as string;
		try {
			if (!CRUD.has(itemOperation))
				throw new NodeOperationError(context.getNode(), `Unknown operation '${itemOperation}'`, { itemIndex });
			const produced = await runOperation(
				context,
				environment,
				itemResource,
				itemOperation as OperationName,
				items[itemIndex],
				itemIndex,
			);
			success.push(...produced);
		} catch (error) {
			errors.push(errorItem(items[itemIndex], itemIndex, describeFailure(setup.descriptor, error)));
		}
	}
	return [success, errors];
}

async function runOperation(
	context: IExecuteFunctions,
	environment: ConnectorEnvironment,
	resource: string,
	operation: OperationName,
	item: INodeExecutionData,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { descriptor, credentials } = environment;
	const spec = findOperation(descriptor, resource, operation);
	const resourceDescriptor = descriptor.resources[resource];

	const write = operation === 'create' || operation === 'update' || operation === 'upsert';
	const source = write ? (context.getNodeParameter('bodySource', itemIndex, 'item') as string) : undefined;
	const mapped = source === 'mapped' && write ? mappedWrite(context, itemIndex, item.json, operation) : undefined;
	const parameters: Record<string, unknown> = environment.pathParametersJson
		? jsonObject(context.getNodeParameter('pathParameters', itemIndex, '{}'), 'Path Parameters')
		: {};
	if (!environment.pathParametersJson)
		for (const name of pathPlaceholders(spec.path))
			parameters[name] =
				mapped?.key !== undefined && name === 'externalIdField'
					? mapped.key.field
					: context.getNodeParameter(name, itemIndex, '');
	const needsId = /(?<!\{)\{id\}/.test(spec.path);
	const id = needsId
		? (mapped?.key?.value ?? String(context.getNodeParameter('id', itemIndex, '') ?? '').trim())
		: undefined;
	if (needsId && id === '') throw new Error('The ID is empty');
	const query =
		operation === 'list' || operation === 'get'
			? jsonObject(context.getNodeParameter('queryJson', itemIndex, '{}'), 'Query Parameters')
			: {};
	const listQuery =
		operation === 'list' ? String(context.getNodeParameter('listQuery', itemIndex, '') ?? '').trim() : '';
	if (listQuery !== '' && environment.listQueryParam !== undefined) query[environment.listQueryParam] = listQuery;
	const idempotencyKey = String(environment.options.idempotencyKey ?? '').trim();
	const includeMetadata = environment.options.includeMetadata === true;

	if (operation === 'list') {
		const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : Number(context.getNodeParameter('limit', itemIndex, 50));
		const result = await fetchAll(
			descriptor,
			resource,
			environment.send,
			{ credentials, parameters, query: stringValues(query) },
			{ maxRecords: limit },
		);
		const rateLimit =
			result.lastResponse === undefined ? undefined : readRateLimit(result.lastResponse.headers, descriptor);
		return result.records.map((record) => ({
			json: includeMetadata
				? { ...asObject(record), _syncbridge: { rateLimit, pages: result.pages, complete: result.complete } }
				: asObject(record),
			pairedItem: { item: itemIndex },
		}));
	}

	let body: Record<string, unknown> | undefined;
	if (write)
		body =
			mapped?.body ??
			(source === 'json'
				? jsonObject(context.getNodeParameter('bodyJson', itemIndex, '{}'), 'Body')
				: withoutMetadata(item.json));
	const request = buildRequest(descriptor, resource, operation, {
		credentials,
		parameters,
		...(id === undefined ? {} : { id }),
		...(body === undefined ? {} : { body }),
		...(Object.keys(query).length === 0 ? {} : { query: stringValues(query) }),
		...(idempotencyKey === '' ? {} : { idempotencyKey }),
	});
	const response = await environment.send(request);
	const meta = includeMetadata
		? { _syncbridge: { httpStatus: response.status, rateLimit: readRateLimit(response.headers, descriptor) } }
		: {};
	let records: unknown[];
	if (response.body === undefined || response.body === null || response.body === '') {
		const createdId = idFromEntityUrl(response.headers['odata-entityid'] ?? response.headers.location) ?? id;
		records = [
			operation === 'delete'
				? { id, deleted: true }
				: {
						...(createdId === undefined ? {} : { id: createdId, [resourceDescriptor.idPosition]: createdId }),
						success: true,
					},
		];
	} else {
		records = extractResults(response.body, spec.resultsPosition ?? '_root');
		if (operation === 'delete' && records.length === 0) records = [{ id, deleted: true }];
	}
	return records.map((record) => ({ json: { ...asObject(record), ...meta }, pairedItem: { item: itemIndex } }));
}

/** GraphQL systems answer 200 with `errors`; that is a failure, not a result. */
export async function sendChecked(
	descriptor: ConnectorDescriptor,
	send: (request: BuiltRequest) => Promise<ListResponse>,
	request: BuiltRequest,
): Promise<ListResponse> {
	const response = await send(request);
	const errors = readPath(response.body, 'errors');
	if (Array.isArray(errors) && errors.length > 0) {
		throw new ApiAnswerError(
			readErrorMessage(descriptor, response.status ?? 200, response.body),
			response.status ?? 200,
		);
	}
	return response;
}

/** A JSON parameter as an object (n8n hands json parameters over as text or already parsed). */
export function jsonObject(value: unknown, label: string): Record<string, unknown> {
	if (value === undefined || value === null || value === '') return {};
	let parsed = value;
	let problem: string | undefined;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			problem = (error as Error).message;
		}
	}
	if (problem !== undefined) throw new Error(`${label} is not valid JSON: ${problem}`);
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
		throw new Error(`${label} must be a JSON object`);
	return parsed as Record<string, unknown>;
}

function stringValues(query: Record<string, unknown>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(query).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
	);
}

export function asObject(record: unknown): IDataObject {
	return record !== null && typeof record === 'object' && !Array.isArray(record)
		? (record as IDataObject)
		: { value: record as IDataObject['value'] };
}

/** The item's JSON without SyncBridge's own metadata, which is never sent to a system. */
export function withoutMetadata(json: IDataObject): Record<string, unknown> {
	const copy: Record<string, unknown> = { ...json };
	delete copy._syncbridge;
	return copy;
}
