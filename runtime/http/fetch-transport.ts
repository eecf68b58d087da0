import { Agent } from 'undici';
import type { Transport, TransportRequest, TransportResponse } from './transport';

/** A transport over the global `fetch`, for scripts, tests and benchmarks outside n8n. */
export function createFetchTransport(defaultHeaders: Record<string, string> = {}): Transport {
	const dispatcherFor = timeoutDispatchers();
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
				dispatcher: request.timeoutMs === undefined ? undefined : dispatcherFor(request.timeoutMs),
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

/**
 * One connection pool per timeout, whose timeouts undici keeps on its own timers: connecting, the
 * response's headers, and every wait for more of its body each get `timeoutMs`. A request costs no
 * timer of its own, where `AbortSignal.timeout` costs every request a timer and a signal fetch follows
 * (about 8 us of main-thread time a request, measured against the bench's fake target). undici checks its timers about
 * once a second, so a timeout fires up to a second late. The pool is undici's `Agent`, of the major version
 * Node's own fetch is built on.
 */
function timeoutDispatchers(): (timeoutMs: number) => Agent {
	const agents = new Map<number, Agent>();
	return (timeoutMs) => {
		let agent = agents.get(timeoutMs);
		if (agent === undefined) {
			agent = new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
			agents.set(timeoutMs, agent);
		}
		return agent;
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
