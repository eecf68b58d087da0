import type { PaginationDescriptor } from './connector-descriptor';
import type { BuiltRequest } from './built-request';
import type { PageState } from './page-state';
import { readPath } from '../dot-path';

/** What nextPage needs of a list response: the parsed body and the records found in it. */
export interface PageResponse {
	body: unknown;
	records: unknown[];
}

/** The first page's parameters. */
export function initialPageState(pagination: PaginationDescriptor): PageState {
	switch (pagination.style) {
		case 'page':
			return {
				query: withSize(
					{ [pagination.param]: String(pagination.startsAt ?? 1) },
					pagination.sizeParam,
					pagination.size,
				),
			};
		case 'offset':
			return { query: { [pagination.param]: '0', [pagination.limitParam]: String(pagination.limit) } };
		case 'cursor': {
			if (pagination.limitParam === undefined || pagination.limit === undefined) return {};
			return pagination.in === 'variables'
				? { variables: { [pagination.limitParam]: pagination.limit } }
				: { query: { [pagination.limitParam]: String(pagination.limit) } };
		}
		default:
			return {};
	}
}

/**
 * The page after `request`, or null when the list is complete. Pages and offsets end on an empty
 * page or one shorter than the page size; cursors when the system says there is no more (or gives
 * no cursor); next links when the link is absent. A next link to another origin is refused, so
 * credentials are never sent to a host the connector was not configured for.
 */
export function nextPage(
	pagination: PaginationDescriptor,
	request: BuiltRequest,
	response: PageResponse,
): PageState | null {
	const { records, body } = response;
	const current = request.pageState ?? initialPageState(pagination);
	switch (pagination.style) {
		case 'none':
			return null;
		case 'page': {
			if (records.length === 0 || (pagination.size !== undefined && records.length < pagination.size)) return null;
			const page = Number(current.query?.[pagination.param] ?? pagination.startsAt ?? 1);
			return { query: withSize({ [pagination.param]: String(page + 1) }, pagination.sizeParam, pagination.size) };
		}
		case 'offset': {
			if (records.length === 0 || records.length < pagination.limit) return null;
			const offset = Number(current.query?.[pagination.param] ?? 0);
			return {
				query: {
					[pagination.param]: String(offset + records.length),
					[pagination.limitParam]: String(pagination.limit),
				},
			};
		}
		case 'cursor': {
			if (pagination.hasMorePosition !== undefined) {
				const hasMore = readPath(body, pagination.hasMorePosition);
				if (hasMore !== true && hasMore !== 'true') return null;
			}
			if (records.length === 0) return null;
			const cursor =
				pagination.cursorFromRecord !== undefined
					? readPath(records[records.length - 1], pagination.cursorFromRecord)
					: pagination.cursorPosition !== undefined
						? readPath(body, pagination.cursorPosition)
						: undefined;
			if (typeof cursor !== 'string' && typeof cursor !== 'number') return null;
			if (cursor === '') return null;
			const state = initialPageState(pagination);
			if (pagination.in === 'variables') return { variables: { ...state.variables, [pagination.param]: cursor } };
			return { query: { ...state.query, [pagination.param]: String(cursor) } };
		}
		case 'nextLink': {
			const link = readPath(body, pagination.position);
			if (typeof link !== 'string' || link === '') return null;
			if (pagination.tokenParam !== undefined) return { query: { [pagination.tokenParam]: link } };
			const next = new URL(link, request.url);
			if (next.origin !== new URL(request.url).origin) {
				throw new Error(`Refusing to follow a next link to another origin: ${next.origin}`);
			}
			return { url: next.toString() };
		}
	}
}

function withSize(
	query: Record<string, string>,
	sizeParam: string | undefined,
	size: number | undefined,
): Record<string, string> {
	return sizeParam !== undefined && size !== undefined ? { ...query, [sizeParam]: String(size) } : query;
}
