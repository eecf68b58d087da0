import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TargetEndpoint } from '../../../runtime/contracts/target-endpoint';

/** A programmed misbehaviour, consumed by the next matching requests. */
export type Fault =
	/** Answer `status` (with optional Retry-After: seconds as number, or an HTTP date string) without touching state. */
	| { kind: 'status'; status: number; retryAfter?: number | string; times?: number; methods?: string[] }
	/** Perform the request (commit), then never answer within `hangMs`: the client times out after the server committed. */
	| { kind: 'commitThenHang'; hangMs: number; times?: number; methods?: string[] }
	/** Destroy the socket without answering, before doing anything. */
	| { kind: 'reset'; times?: number; methods?: string[] };

interface StoredResponse {
	status: number;
	body: unknown;
}

export interface FakeTargetStats {
	/** Every request that arrived, faults included. */
	requests: number;
	/** Requests per method. */
	byMethod: Record<string, number>;
	/** Records actually created (replays of an idempotency key excluded). */
	creates: number;
	updates: number;
	deletes: number;
	idempotentReplays: number;
}

/**
 * A loopback REST target: `POST /records`, `GET /records`, `GET|PUT|PATCH|DELETE /records/:id`,
 * honouring `Idempotency-Key` (a repeated key gets the original response), with programmable faults.
 * A record's id is server-assigned unless the body carries `idField` (idInRequestBody targets).
 */
export class FakeTarget {
	readonly records = new Map<string, Record<string, unknown>>();
	readonly stats: FakeTargetStats = {
		requests: 0,
		byMethod: {},
		creates: 0,
		updates: 0,
		deletes: 0,
		idempotentReplays: 0,
	};
	/** When false, Idempotency-Key is ignored (a target without idempotency support). */
	honourIdempotency = true;
	/** Body key holding a client-chosen id; when present on create, that id is used. */
	idField = 'id';
	/** Told of every request as it arrives, before it is applied (fault tests kill a client here). */
	onRequest: ((count: number) => void) | undefined;
	private readonly idempotency = new Map<string, StoredResponse>();
	private readonly faults: (Fault & { left: number })[] = [];
	private readonly hanging = new Set<ServerResponse>();
	private nextId = 1;
	private server: Server | undefined;
	private base = '';

	get url(): string {
		return this.base;
	}

	/** Where a synchronization writes to this target: its records, `more` overriding. */
	endpoint(more: Partial<TargetEndpoint> = {}): TargetEndpoint {
		return {
			baseUrl: this.base,
			createPath: '/records',
			updatePath: '/records/{id}',
			deletePath: '/records/{id}',
			...more,
		};
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 5000;
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.base = `http://127.0.0.1:${port}`;
		return this;
	}

	async stop(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		this.hanging.clear();
		const server = this.server;
		if (server === undefined) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	inject(fault: Fault): void {
		this.faults.push({ ...fault, left: fault.times ?? 1 });
	}

	/** Forgets everything: records, remembered idempotency keys, faults and stats. */
	reset(): void {
		this.records.clear();
		this.idempotency.clear();
		this.clearFaults();
		this.resetStats();
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	resetStats(): void {
		Object.assign(this.stats, { requests: 0, byMethod: {}, creates: 0, updates: 0, deletes: 0, idempotentReplays: 0 });
	}

	private takeFault(method: string): Fault | undefined {
		const index = this.faults.findIndex((fault) => fault.methods === undefined || fault.methods.includes(method));
		if (index < 0) return undefined;
		const fault = this.faults[index];
		fault.left -= 1;
		if (fault.left <= 0) this.faults.splice(index, 1);
		return fault;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const method = req.method ?? 'GET';
		this.stats.requests += 1;
		this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
		const text = await readBody(req);
		this.onRequest?.(this.stats.requests);
		const fault = this.takeFault(method);
		if (fault?.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'status') {
			const headers: Record<string, string> = { 'content-type': 'application/json' };
			if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			res.writeHead(fault.status, headers).end(JSON.stringify({ error: `injected ${fault.status}` }));
			return;
		}

		const key = req.headers['idempotency-key'];
		const idempotencyKey = this.honourIdempotency && typeof key === 'string' ? `${method} ${key}` : undefined;
		let result: StoredResponse;
		const replay = idempotencyKey === undefined ? undefined : this.idempotency.get(idempotencyKey);
		if (replay !== undefined) {
			this.stats.idempotentReplays += 1;
			result = replay;
		} else {
			result = this.apply(method, req.url ?? '/', text);
			// Like most APIs, only a committed (2xx) result is remembered; a rejected request may be corrected and resent.
			if (idempotencyKey !== undefined && result.status < 300) this.idempotency.set(idempotencyKey, result);
		}

		if (fault?.kind === 'commitThenHang') {
			this.hanging.add(res);
			setTimeout(() => {
				this.hanging.delete(res);
				res.destroy();
			}, fault.hangMs).unref();
			return;
		}
		res
			.writeHead(result.status, { 'content-type': 'application/json' })
			.end(result.body === undefined ? '' : JSON.stringify(result.body));
	}

	private apply(method: string, url: string, text: string): StoredResponse {
		const path = new URL(url, 'http://fake').pathname;
		const match = /^\/records(?:\/([^/]+))?$/.exec(path);
		if (match === null) return { status: 404, body: { error: 'no such route' } };
		const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
		let body: Record<string, unknown> = {};
		if (text !== '') {
			try {
				body = JSON.parse(text) as Record<string, unknown>;
			} catch {
				return { status: 400, body: { error: 'invalid JSON' } };
			}
		}
		if (id === undefined) {
			if (method === 'GET') return { status: 200, body: { items: [...this.records.values()] } };
			if (method !== 'POST') return { status: 405, body: { error: 'method not allowed' } };
			if (body.invalid === true) return { status: 422, body: { error: 'validation failed' } };
			const given = body[this.idField];
			const newId = typeof given === 'string' || typeof given === 'number' ? String(given) : `t-${this.nextId++}`;
			if (this.records.has(newId)) return { status: 409, body: { error: 'already exists' } };
			const record = { ...body, [this.idField]: newId };
			this.records.set(newId, record);
			this.stats.creates += 1;
			return { status: 201, body: record };
		}
		const existing = this.records.get(id);
		if (existing === undefined) return { status: 404, body: { error: 'not found' } };
		if (method === 'GET') return { status: 200, body: existing };
		if (method === 'PUT' || method === 'PATCH') {
			if (body.invalid === true) return { status: 422, body: { error: 'validation failed' } };
			const record = method === 'PUT' ? { ...body, [this.idField]: id } : { ...existing, ...body, [this.idField]: id };
			this.records.set(id, record);
			this.stats.updates += 1;
			return { status: 200, body: record };
		}
		if (method === 'DELETE') {
			this.records.delete(id);
			this.stats.deletes += 1;
			return { status: 204, body: undefined };
		}
		return { status: 405, body: { error: 'method not allowed' } };
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export async function startFakeTarget(): Promise<FakeTarget> {
	return new FakeTarget().start();
}
