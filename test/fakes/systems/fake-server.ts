import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorCredential } from '../../../runtime/connectors';

/** One request as a fake system's handler sees it. */
export interface FakeRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	params: Record<string, string>;
	rawBody: string;
}

/** What a handler answers: an object body is sent as JSON, a string verbatim. */
export interface FakeResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	contentType?: string;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface Route {
	method: string;
	/** `/v1/customers/:id`; literal parentheses allowed (`/contacts(:id)`). */
	path: string;
	handler: Handler;
	/** Served without authentication (token endpoints) and unaffected by `unavailable`. */
	public?: boolean;
}

/** A programmed misbehaviour for the next matching requests. */
export interface Fault {
	status: number;
	/** Retry-After value: seconds, or an HTTP date. */
	retryAfter?: number | string;
	times?: number;
	/** Only requests whose path contains this. */
	pathIncludes?: string;
	/** Only this method. */
	method?: string;
	/**
	 * Only requests inside a batch call (a `$batch` part), answered in their own part; faults
	 * without it hit whole calls only.
	 */
	inBatch?: boolean;
	/** The error body to answer instead of the system's usual one for this status. */
	body?: unknown;
}

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

interface CompiledRoute extends Route {
	pattern: RegExp;
}

/**
 * Shared plumbing of the loopback fakes: routing, body reading, request log, programmable faults
 * and an "unavailable" switch. Each system supplies its routes, its authentication check and the
 * error body it really sends for a given status.
 */
export abstract class FakeSystem {
	readonly requests: RecordedRequest[] = [];
	/** The requests carried inside batch calls, each as the fake ran it (the calls themselves are in `requests`). */
	readonly batchedRequests: RecordedRequest[] = [];
	/** Told of every request as it arrives, before it is answered (fault tests kill a client here). */
	onRequest: ((request: RecordedRequest) => void) | undefined;
	/** When set, every non-public route answers this status (503 outage, 404 API not enabled). */
	unavailable: number | undefined;
	private readonly faults: (Fault & { left: number })[] = [];
	private compiled: CompiledRoute[] | undefined;
	private server: Server | undefined;
	private base = '';

	get url(): string {
		return this.base;
	}

	protected abstract routes(): Route[];

	/** undefined when the request is authenticated, else the system's rejection. */
	protected abstract authenticate(request: FakeRequest): FakeResponse | undefined;

	/** The body the system sends with an error status it chose (faults, outages). */
	protected abstract errorBody(status: number, message: string): unknown;

	/** Headers added to every response (rate-limit counters, request ids). */
	protected responseHeaders(): Record<string, string> {
		return {};
	}

	/** Listens on a free port, or on `port` (a restart after `stop()`: the same URL again, state kept). */
	async start(port = 0): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
		this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (server === undefined) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		this.server = undefined;
	}

	inject(fault: Fault): void {
		this.faults.push({ ...fault, left: fault.times ?? 1 });
	}

	/** Requests that reached a route (faults and auth failures included), by path prefix. */
	requestsTo(pathPrefix: string, method?: string): RecordedRequest[] {
		return this.requests.filter(
			(request) =>
				new URL(request.url, 'http://x').pathname.startsWith(pathPrefix) &&
				(method === undefined || request.method === method),
		);
	}

	private routeTable(): CompiledRoute[] {
		this.compiled ??= this.routes().map((route) => ({ ...route, pattern: compilePath(route.path) }));
		return this.compiled;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://loopback');
		const method = req.method ?? 'GET';
		const recorded = { method, url: req.url ?? '/', headers: req.headers, body: rawBody };
		this.requests.push(recorded);
		this.onRequest?.(recorded);
		let response: FakeResponse;
		try {
			response = await this.respond(method, url, req.headers, rawBody);
		} catch (error) {
			response = { status: 500, body: this.errorBody(500, error instanceof Error ? error.message : String(error)) };
		}
		send(res, response, this.responseHeaders());
	}

	/**
	 * One request of a batch call, run through the routes as if it had come alone; the call it came
	 * in was authenticated already. Faults marked `inBatch` answer it instead.
	 */
	protected async respondInBatch(
		method: string,
		url: URL,
		headers: IncomingHttpHeaders,
		rawBody: string,
	): Promise<FakeResponse> {
		this.batchedRequests.push({ method, url: `${url.pathname}${url.search}`, headers, body: rawBody });
		const path = decodeURIComponent(url.pathname);
		const fault = this.takeFault(method, path, true);
		if (fault !== undefined) return this.faultResponse(fault);
		const match = this.matchRoute(method, path);
		if (match === undefined) return { status: 404, body: this.errorBody(404, `No route for ${method} ${path}`) };
		return match.route.handler({ method, path, query: url.searchParams, headers, params: match.params, rawBody });
	}

	private matchRoute(
		method: string,
		path: string,
	): { route: CompiledRoute; params: Record<string, string> } | undefined {
		for (const route of this.routeTable()) {
			const found = route.method === method ? route.pattern.exec(path) : null;
			if (found) return { route, params: { ...found.groups } };
		}
		return undefined;
	}

	private faultResponse(fault: Fault): FakeResponse {
		const faultHeaders: Record<string, string> = {};
		if (fault.retryAfter !== undefined) faultHeaders['retry-after'] = String(fault.retryAfter);
		return {
			status: fault.status,
			headers: faultHeaders,
			body: fault.body ?? this.errorBody(fault.status, fault.status === 429 ? 'Too many requests' : 'Injected failure'),
		};
	}

	private async respond(
		method: string,
		url: URL,
		headers: IncomingHttpHeaders,
		rawBody: string,
	): Promise<FakeResponse> {
		const path = decodeURIComponent(url.pathname);
		const match = this.matchRoute(method, path);
		const fault = this.takeFault(method, path, false);
		if (fault !== undefined) return this.faultResponse(fault);
		if (match === undefined) return { status: 404, body: this.errorBody(404, `No route for ${method} ${path}`) };
		const request: FakeRequest = { method, path, query: url.searchParams, headers, params: match.params, rawBody };
		if (match.route.public !== true) {
			if (this.unavailable !== undefined) {
				return {
					status: this.unavailable,
					body: this.errorBody(this.unavailable, this.unavailable === 404 ? 'Not Found' : 'Service Unavailable'),
				};
			}
			const rejection = this.authenticate(request);
			if (rejection !== undefined) return rejection;
		}
		return match.route.handler(request);
	}

	private takeFault(method: string, path: string, inBatch: boolean): Fault | undefined {
		const index = this.faults.findIndex(
			(fault) =>
				(fault.inBatch ?? false) === inBatch &&
				(fault.method === undefined || fault.method === method) &&
				(fault.pathIncludes === undefined || path.includes(fault.pathIncludes)),
		);
		if (index === -1) return undefined;
		const fault = this.faults[index];
		fault.left -= 1;
		if (fault.left <= 0) this.faults.splice(index, 1);
		return fault;
	}
}

function compilePath(path: string): RegExp {
	const source = path
		.split(/(:\w+)/)
		.map((part) =>
			part.startsWith(':') ? `(?<${part.slice(1)}>[^/()]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
		)
		.join('');
	return new RegExp(`^${source}$`);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, response: FakeResponse, extraHeaders: Record<string, string>): void {
	const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
	let payload = '';
	if (response.body !== undefined) {
		if (typeof response.body === 'string') {
			payload = response.body;
			headers['content-type'] = response.contentType ?? 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(response.body);
			headers['content-type'] = response.contentType ?? 'application/json; charset=utf-8';
		}
	}
	res.writeHead(response.status, headers);
	res.end(payload);
}

/** Bearer token of a request, if any. */
function bearerToken(request: FakeRequest): string | undefined {
	return /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

/**
 * The secret (API key, token) a request presents where the system's credential block signs
 * (`runtime/connectors/systems/<id>/credential.ts`), if any: an OAuth2 or bearer token, or the key
 * in the block's header after its prefix.
 */
export function presentedSecret(request: FakeRequest, credential: ConnectorCredential): string | undefined {
	const { auth } = credential;
	if (auth.kind === 'bearer' || auth.kind === 'oauth2') return bearerToken(request);
	if (auth.kind !== 'apiKeyHeader') return undefined;
	const value = request.headers[auth.name.toLowerCase()];
	if (typeof value !== 'string') return undefined;
	const prefix = (auth.prefix ?? '').trim();
	if (prefix === '') return value;
	const match = /^(\S+)\s+(.+)$/.exec(value);
	return match !== null && match[1].toLowerCase() === prefix.toLowerCase() ? match[2] : undefined;
}

export function jsonBody<T = Record<string, unknown>>(request: FakeRequest): T {
	return (request.rawBody === '' ? {} : JSON.parse(request.rawBody)) as T;
}

/** Decodes application/x-www-form-urlencoded with bracket notation (`metadata[app_id]=7`) into objects. */
export function formBody(request: FakeRequest): Record<string, unknown> {
	return bracketObject(new URLSearchParams(request.rawBody));
}

/** Bracket-notation parameters (a form body or a query string) as nested objects. */
export function bracketObject(parameters: URLSearchParams): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [key, value] of parameters) {
		const path = key.replace(/\]/g, '').split('[');
		let target = result;
		path.forEach((segment, index) => {
			if (index === path.length - 1) {
				target[segment] = value;
			} else {
				target[segment] ??= {};
				target = target[segment] as Record<string, unknown>;
			}
		});
	}
	return result;
}

/** Reads a form or JSON body depending on the request's Content-Type. */
export function anyBody(request: FakeRequest): Record<string, unknown> {
	return (request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
		? formBody(request)
		: jsonBody(request);
}

/** A deterministic id generator: `prefix` + zero-padded counter. */
export function idSequence(prefix: string, width = 14): () => string {
	let next = 1;
	return () => `${prefix}${String(next++).padStart(width, '0')}`;
}

export function escapeXml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
