import type { IExecuteFunctions, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import type { BuiltRequest, ConnectorDescriptor, ListResponse } from '../../runtime/connectors';
import { parseResponseBody } from '../../runtime/connectors/response-body';
import { breakerFor } from '../../runtime/http/breaker-registry';
import { createFullResponseTransport, type FullResponseRequestOptions } from '../../runtime/http/full-response-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';
import type { Transport } from '../../runtime/http/transport';

export type RequestContext = IExecuteFunctions | IPollFunctions;

export interface ConnectorSender {
	/** Sends a built request with retries, Retry-After and the circuit breaker; resolves only with 2xx/3xx, body parsed. */
	send(request: BuiltRequest): Promise<ListResponse>;
}

/**
 * Requests go through n8n's `httpRequestWithAuthentication` with the system's credential type, so
 * n8n signs them and refreshes OAuth2 tokens; with no credential type through `httpRequest`.
 * The runtime's resilient client sits on top (every status reaches it: `ignoreHttpStatusErrors`).
 */
export function connectorSender(context: RequestContext, descriptor: ConnectorDescriptor, credentialType: string | undefined, options: { maxAttempts?: number; timeoutMs?: number } = {}): ConnectorSender {
	const transport = connectorTransport(context, descriptor, credentialType);
	return {
		async send(request: BuiltRequest): Promise<ListResponse> {
			const client = createResilientClient({
				transport,
				breaker: breakerFor(request.url),
				targetName: descriptor.displayName,
				retry: { maxAttempts: options.maxAttempts ?? 5, timeoutMs: options.timeoutMs ?? 30_000 },
			});
			const response = await client.request({ method: request.method, url: request.url, headers: request.headers, body: request.body });
			return { status: response.status, headers: response.headers, body: response.body };
		},
	};
}

/**
 * The transport under every connector request: already-encoded bodies out, bodies parsed the way the
 * connector answers (JSON or XML) back; signed by n8n with the credential type, when there is one.
 */
export function connectorTransport(context: RequestContext, descriptor: ConnectorDescriptor, credentialType: string | undefined): Transport {
	const raw = (request: FullResponseRequestOptions): Promise<unknown> => {
		const requestOptions = { ...request, json: false, encoding: 'text' } as unknown as IHttpRequestOptions;
		return credentialType === undefined
			? context.helpers.httpRequest(requestOptions)
			: context.helpers.httpRequestWithAuthentication.call(context, credentialType, requestOptions);
	};
	return parsingTransport(createFullResponseTransport(raw), descriptor.responseFormat ?? 'json');
}

/** Parses text, Buffer or already-parsed bodies the way the connector says (XML by Content-Type or format). */
function parsingTransport(inner: Transport, format: 'json' | 'xml'): Transport {
	return {
		async request(request) {
			const response = await inner.request(request);
			let body = response.body;
			if (Buffer.isBuffer(body)) body = body.toString('utf8');
			if (typeof body === 'string') {
				try {
					body = parseResponseBody(body, response.headers['content-type'] ?? '', format);
				} catch {
					// A body that claims JSON but is not stays text; the error message shows it.
				}
			}
			return { ...response, body };
		},
	};
}
