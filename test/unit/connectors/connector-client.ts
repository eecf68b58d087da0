import {
	buildRequest,
	extractResults,
	nextPage,
	parseResponseBody,
	type BuiltRequest,
	type ConnectorDescriptor,
	type OperationName,
	type RequestInput,
} from '../../../runtime/connectors';

export interface SentResponse {
	status: number;
	headers: Headers;
	body: unknown;
}

/** Sends a built request with plain fetch and parses the answer the way the connector says. */
export async function send(request: BuiltRequest, descriptor?: ConnectorDescriptor): Promise<SentResponse> {
	const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: parseResponseBody(text, response.headers.get('content-type') ?? '', descriptor?.responseFormat),
	};
}

export async function call(
	descriptor: ConnectorDescriptor,
	resource: string,
	operation: OperationName,
	input: RequestInput = {},
): Promise<SentResponse> {
	return send(buildRequest(descriptor, resource, operation, input), descriptor);
}

export interface FetchAllResult {
	records: unknown[];
	requests: BuiltRequest[];
}

/** The loop every polling source runs: buildRequest -> fetch -> extractResults -> nextPage until null. */
export async function fetchAll(
	descriptor: ConnectorDescriptor,
	resource: string,
	input: RequestInput = {},
	maxPages = 50,
): Promise<FetchAllResult> {
	const operation = descriptor.resources[resource].operations.list;
	const resultsPosition = operation?.resultsPosition ?? descriptor.resources[resource].resultsPosition;
	const pagination = operation?.pagination ?? descriptor.pagination;
	const records: unknown[] = [];
	const requests: BuiltRequest[] = [];
	let pageState = input.pageState;
	for (let page = 0; page < maxPages; page++) {
		const request = buildRequest(descriptor, resource, 'list', { ...input, pageState });
		requests.push(request);
		const response = await send(request, descriptor);
		if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
		const found = extractResults(response.body, resultsPosition);
		records.push(...found);
		const next = nextPage(pagination, request, { body: response.body, records: found });
		if (next === null) return { records, requests };
		pageState = next;
	}
	throw new Error(`More than ${maxPages} pages`);
}

/** A copy of a descriptor with one list operation's fields replaced (smaller pages for tests). */
export function withListOverride(
	descriptor: ConnectorDescriptor,
	resource: string,
	override: Partial<NonNullable<ConnectorDescriptor['resources'][string]['operations']['list']>>,
): ConnectorDescriptor {
	const copy = structuredClone(descriptor);
	const list = copy.resources[resource].operations.list;
	if (list === undefined) throw new Error(`${resource} has no list`);
	copy.resources[resource].operations.list = { ...list, ...override };
	return copy;
}
