import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: string;
	body: unknown;
}

/** A loopback HTTP server that records what it receives and answers 200 `{ok: true}`. */
export class SinkServer {
	readonly received: ReceivedRequest[] = [];
	private waiters: Array<{ count: number; wake: () => void }> = [];

	private constructor(private readonly server: Server) {}

	static async start(): Promise<SinkServer> {
		const server = createServer();
		const sink = new SinkServer(server);
		server.on('request', (req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let body: unknown = text;
				try {
					body = text ? JSON.parse(text) : undefined;
				} catch {
					// not JSON: keep the text
				}
				sink.record({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody: text, body });
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			});
		});
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		return sink;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	/** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
	async waitFor(count: number, timeoutMs = 30_000): Promise<ReceivedRequest[]> {
		if (this.received.length >= count) return this.received;
		await new Promise<void>((wake, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`sink got ${this.received.length} of ${count} requests in ${timeoutMs} ms`)),
				timeoutMs,
			);
			this.waiters.push({ count, wake: () => (clearTimeout(timer), wake()) });
		});
		return this.received;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		this.server.close();
		await once(this.server, 'close');
	}

	private record(request: ReceivedRequest): void {
		this.received.push(request);
		const ready = this.waiters.filter((waiter) => this.received.length >= waiter.count);
		this.waiters = this.waiters.filter((waiter) => this.received.length < waiter.count);
		for (const waiter of ready) waiter.wake();
	}
}
