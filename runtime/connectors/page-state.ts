/**
 * Where the next list request goes: extra query parameters, GraphQL variables, or a whole URL
 * handed back by the system (a next link).
 */
export interface PageState {
	query?: Record<string, string>;
	variables?: Record<string, unknown>;
	url?: string;
}
