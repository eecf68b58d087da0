import type {
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import type { BuiltRequest, ConnectorDescriptor, ListResponse } from '../../runtime/connectors';
import { parseResponseBody } from '../../runtime/connectors/response-body';
import { breakerFor, breakerTarget } from '../../runtime/http/breaker-registry';
import {
	createFullResponseTransport,
	type FullResponseRequestOptions,
} from '../../runtime/http/full-response-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';
import type { Transport } from '../../runtime/http/transport';

/** Node executions, polls, webhook lifecycle hooks (registering an endpoint at the system), and the editor's field lists. */
export type RequestContext = IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions;

export interface ConnectorSender {
	/** Sends a built request with retries, Retry-After and the circuit breaker; resolves only with 2xx/3xx, body parsed. */
	send(request: BuiltRequest): Promise<ListResponse>;
}

/**
 * Requests go through n8n's `httpRequestWithAuthentication` with the system's credential type, so
 * n8n signs them and refreshes OAuth2 tokens; with no credential type through `httpRequest`.
 * The runtime's resilient client sits on top (every status reaches it: `ignoreHttpStatusErrors`).
 */
export function connectorSender(
	context: RequestContext,
	descriptor: ConnectorDescriptor,
	credentialType: string | undefined,
	options: { maxAttempts?: number; timeoutMs?: number } = {},
): ConnectorSender {
	const transport = connectorTransport(context, descriptor, credentialType);
	const credential = credentialIdentity(context.getNode(), credentialType);
	return {
		async send(request: BuiltRequest): Promise<ListResponse> {
			const client = createResilientClient({
				transport,
				breaker: breakerFor(breakerTarget(request.url, credential)),
				targetName: descriptor.displayName,
				retry: { maxAttempts: options.maxAttempts ?? 5, timeoutMs: options.timeoutMs ?? 30_000 },
			});
			const response = await client.request({
				method: request.method,
				url: request.url,
				headers: request.headers,
				body: request.body,
			});
			return { status: response.status, headers: response.headers, body: response.body };
		},
	};
}

/**
 * Which of the node's credentials of this type signs its requests: n8n's credential id, else its
 * name. Circuit breakers are kept per credential, so one account's failures never stop another's.
 */
export function credentialIdentity(node: INode, credentialType: string | undefined): string | undefined {
	if (credentialType === undefined) return undefined;
	const details = node.credentials?.[credentialType];
	if (details === undefined) return undefined;
	return details.id ?? `name:${details.name}`;
}

/**
 * The transport under every connector request: already-encoded bodies out, bodies parsed the way the
 * connector answers (JSON or XML) back; signed by n8n with the credential type, when there is one.
 */
export function connectorTransport(
	context: RequestContext,
	descriptor: ConnectorDescriptor,
	credentialType: string | undefined,
): Transport {
	const oauth2 = credentialType !== undefined && descriptor.auth.kind === 'oauth2';
	const raw = async (request: FullResponseRequestOptions): Promise<unknown> => {
		const requestOptions = {
			...request,
			json: false,
			encoding: 'text',
			// n8n refreshes an OAuth2 token only when the request *throws* a 401; with every status
			// ignored it never would, and an expired token would fail every item until someone reconnects.
			...(oauth2 ? { ignoreHttpStatusErrors: { ignore: true, except: [401] } } : {}),
		} as unknown as IHttpRequestOptions;
		if (credentialType === undefined) return await context.helpers.httpRequest(requestOptions);
		const sent = context.helpers.httpRequestWithAuthentication.call(context, credentialType, requestOptions);
		// Still 401 after n8n's refresh (revoked grant, wrong scope): the system's answer, for the error
		// output. Anything else (no answer at all) goes on to the retry policy as it came.
		return oauth2 ? await sent.catch((error: unknown) => rejectedResponse(error) ?? Promise.reject(error)) : await sent;
	};
	return parsingTransport(createFullResponseTransport(raw), descriptor.responseFormat ?? 'json');
}

/**
 * The HTTP answer inside an error n8n threw (a NodeApiError whose `cause` is the HTTP client's error
 * with `response: {status, headers, data}`), as a full response; undefined for errors without one.
 */
function rejectedResponse(error: unknown): { statusCode: number; headers: unknown; body: unknown } | undefined {
	for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 4; depth++) {
		const response = (current as { response?: { status?: unknown; headers?: unknown; data?: unknown } }).response;
		if (response !== undefined && typeof response.status === 'number')
			return { statusCode: response.status, headers: response.headers ?? {}, body: response.data };
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
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
