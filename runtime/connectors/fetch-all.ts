import type { BuiltRequest } from './built-request';
import type { ConnectorDescriptor, PaginationDescriptor } from './connector-descriptor';
import { nextPage } from './pagination';
import type { PageState } from './page-state';
import { buildRequest, buildWebhookRequest, type RequestInput } from './request-builder';
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
export function listSettings(
	descriptor: ConnectorDescriptor,
	resource: string,
): { resultsPosition?: string; pagination: PaginationDescriptor } {
	const resourceDescriptor = descriptor.resources[resource];
	const list = resourceDescriptor?.operations.list;
	return {
		resultsPosition: list?.resultsPosition ?? resourceDescriptor?.resultsPosition,
		pagination: list?.pagination ?? descriptor.pagination,
	};
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
	return collectPages(
		{
			name: `${descriptor.displayName}: ${resource}`,
			resultsPosition,
			pagination,
			request: (pageState) => buildRequest(descriptor, resource, 'list', { ...input, pageState }),
		},
		send,
		input.pageState,
		options,
	);
}

/** Every webhook endpoint registered at the system (the descriptor's `webhooks.list`), across all pages. */
export async function fetchAllWebhookEndpoints(
	descriptor: ConnectorDescriptor,
	send: SendListRequest,
	input: RequestInput = {},
	options: FetchAllOptions = {},
): Promise<FetchAllResult> {
	const list = descriptor.webhooks?.list;
	if (list === undefined) throw new Error(`Connector '${descriptor.id}' cannot list webhooks`);
	return collectPages(
		{
			name: `${descriptor.displayName}: webhook endpoints`,
			resultsPosition: list.resultsPosition,
			pagination: list.pagination ?? descriptor.pagination,
			request: (pageState) => buildWebhookRequest(descriptor, 'list', { ...input, pageState }),
		},
		send,
		input.pageState,
		options,
	);
}

/** One paged list: the request for a page, where its records sit, how it pages. */
interface PagedList {
	name: string;
	resultsPosition?: string;
	pagination: PaginationDescriptor;
	request(pageState: PageState | undefined): BuiltRequest;
}

async function collectPages(
	list: PagedList,
	send: SendListRequest,
	firstPage: PageState | undefined,
	options: FetchAllOptions,
): Promise<FetchAllResult> {
	const maxPages = options.maxPages ?? 10_000;
	const records: unknown[] = [];
	let pageState = firstPage;
	let lastResponse: ListResponse | undefined;
	for (let page = 1; page <= maxPages; page++) {
		const request = list.request(pageState);
		lastResponse = await send(request);
		const found = extractResults(lastResponse.body, list.resultsPosition);
		records.push(...found);
		const next = nextPage(list.pagination, request, { body: lastResponse.body, records: found });
		if (options.maxRecords !== undefined && records.length >= options.maxRecords) {
			return {
				records: records.slice(0, options.maxRecords),
				pages: page,
				complete: next === null && records.length === options.maxRecords,
				lastResponse,
			};
		}
		if (next === null) return { records, pages: page, complete: true, lastResponse };
		pageState = next;
	}
	throw new Error(`${list.name}: more than ${maxPages} pages; stopping`);
}
