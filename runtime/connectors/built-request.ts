import type { HttpMethod } from './connector-descriptor';
import type { PageState } from './page-state';

/** A request ready to send: the body is already encoded (JSON, form or XML text). */
export interface BuiltRequest {
	method: HttpMethod;
	url: string;
	headers: Record<string, string>;
	body?: string;
	/** The page this request asks for (list only); nextPage reads it. */
	pageState?: PageState;
}
