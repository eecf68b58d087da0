/** One outbound HTTP request as the runtime sees it; the body is JSON-serialisable or absent. */
export interface TransportRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	headers: Record<string, string>;
	body?: unknown;
	/**
	 * How long the request may wait on the other side. n8n's transport bounds the whole request; the
	 * fetch transport bounds connecting, the response's headers and each wait for more of its body.
	 */
	timeoutMs?: number;
}

/** Any status code comes back as a response; only network failures and timeouts throw. */
export interface TransportResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

/**
 * What the runtime sends requests through. In n8n this is an adapter over
 * `helpers.httpRequestWithAuthentication` (so n8n's credential machinery signs and refreshes);
 * in tests and scripts it is `createFetchTransport()`.
 */
export interface Transport {
	request(request: TransportRequest): Promise<TransportResponse>;
}
