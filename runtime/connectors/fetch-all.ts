import type { BuiltRequest } from './built-request';
import type { ConnectorDescriptor, PaginationDescriptor } from './connector-descriptor';
import { nextPage } from './pagination';
import { buildRequest, type RequestInput } from './request-builder';
import { extractResults } from './results-position';

/** A response as fetchAll needs it: the body already parsed (JSON or XML). */
export interface ListResponse {
	status?: number;
	headers: Record<string, string>;
	body: unknown;
}

/** Sends one built request; throws when the page could not be fetched. */
export type SendListRequest = (request: BuiltRequest) => Promise<ListResponse>;

export interface FetchAllOptions {
	/** Stop once this many records are collected (the result is then marked incomplete if more pages exist). */
	maxRecords?: number;
	/** Guard against endless next links. */
	maxPages?: number;
}

export interface FetchAllResult {
	records: unknown[];
	pages: number;
	/** True only when the last page said there is nothing more. */
	complete: boolean;
	lastResponse?: ListResponse;
}

/** Where a resource's list operation finds its records and how it pages. */
export function listSettings(descriptor: ConnectorDescriptor, resource: string): { resultsPosition?: string; pagination: PaginationDescriptor } {
	const resourceDescriptor = descriptor.resources[resource];
	const list = resourceDescriptor?.operations.list;
	return { resultsPosition: list?.resultsPosition ?? resourceDescriptor?.resultsPosition, pagination: list?.pagination ?? descriptor.pagination };
}

/**
 * The pagination loop every list and polling source runs: buildRequest -> send -> extractResults
 * -> nextPage until the connector says the list is complete. Any failed page rejects, so a caller
 * never mistakes a partial list for a complete one.
 */
export async function fetchAll(
	descriptor: ConnectorDescriptor,
	resource: string,
	send: SendListRequest,
	input: RequestInput = {},
	options: FetchAllOptions = {},
): Promise<FetchAllResult> {
	const { resultsPosition, pagination } = listSettings(descriptor, resource);
	const maxPages = options.maxPages ?? 10_000;
	const records: unknown[] = [];
	let pageState = input.pageState;
	let lastResponse: ListResponse | undefined;
	for (let page = 1; page <= maxPages; page++) {
		const request = buildRequest(descriptor, resource, 'list', { ...input, pageState });
		lastResponse = await send(request);
		const found = extractResults(lastResponse.body, resultsPosition);
		records.push(...found);
		const next = nextPage(pagination, request, { body: lastResponse.body, records: found });
		if (options.maxRecords !== undefined && records.length >= options.maxRecords) {
			return { records: records.slice(0, options.maxRecords), pages: page, complete: next === null && records.length === options.maxRecords, lastResponse };
		}
		if (next === null) return { records, pages: page, complete: true, lastResponse };
		pageState = next;
	}
	throw new Error(`${descriptor.displayName}: more than ${maxPages} pages for ${resource}; stopping`);
}
