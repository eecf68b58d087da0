import type { Transport, TransportRequest, TransportResponse } from './transport';

/** The request shape of n8n's `helpers.httpRequest*` family, restricted to what the runtime needs. */
export interface FullResponseRequestOptions {
	method: TransportRequest['method'] | 'GET';
	url: string;
	headers: Record<string, string>;
	body?: unknown;
	json: true;
	returnFullResponse: true;
	ignoreHttpStatusErrors: true;
	timeout?: number;
}

/**
 * A transport over any "full response" request function, such as n8n's
 * `helpers.httpRequestWithAuthentication` bound to a credential type. Status errors are not thrown
 * (`ignoreHttpStatusErrors`), so the retry policy sees every status code; only network failures throw.
 */
export function createFullResponseTransport(
	send: (options: FullResponseRequestOptions) => Promise<unknown>,
): Transport {
	return {
		async request(request: TransportRequest): Promise<TransportResponse> {
			const raw = (await send({
				method: request.method,
				url: request.url,
				headers: request.headers,
				body: request.body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: request.timeoutMs,
			})) as { statusCode?: number; status?: number; headers?: Record<string, unknown>; body?: unknown } | undefined;
			const headers: Record<string, string> = {};
			for (const [key, value] of Object.entries(raw?.headers ?? {})) {
				if (value !== undefined && value !== null)
					headers[key.toLowerCase()] = Array.isArray(value) ? String(value[0]) : String(value);
			}
			return { status: Number(raw?.statusCode ?? raw?.status ?? 0), headers, body: raw?.body };
		},
	};
}
