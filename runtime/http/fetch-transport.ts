import type { Transport, TransportRequest, TransportResponse } from './transport';

/** A transport over the global `fetch`, for scripts, tests and benchmarks outside n8n. */
export function createFetchTransport(defaultHeaders: Record<string, string> = {}): Transport {
	return {
		async request(request: TransportRequest): Promise<TransportResponse> {
			const headers: Record<string, string> = { accept: 'application/json', ...defaultHeaders, ...request.headers };
			let body: string | undefined;
			if (typeof request.body === 'string') {
				// Already encoded (a connector's form, XML or JSON text); its content-type header came with it.
				body = request.body;
			} else if (request.body !== undefined) {
				body = JSON.stringify(request.body);
				headers['content-type'] = 'application/json';
			}
			const response = await fetch(request.url, {
				method: request.method,
				headers,
				body,
				signal: request.timeoutMs === undefined ? undefined : AbortSignal.timeout(request.timeoutMs),
			});
			const text = await response.text();
			const responseHeaders: Record<string, string> = {};
			response.headers.forEach((value, key) => {
				responseHeaders[key] = value;
			});
			return {
				status: response.status,
				headers: responseHeaders,
				body: parseBody(text, responseHeaders['content-type']),
			};
		},
	};
}

function parseBody(text: string, contentType: string | undefined): unknown {
	if (text === '') return undefined;
	if (contentType?.includes('json')) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	return text;
}
