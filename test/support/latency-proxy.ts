import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Forwards every request to `upstream` after `delayMs`: a target that takes its time, so that
 * executions spend a while on a worker (and a worker killed mid-run surely has writes in flight).
 */
export class LatencyProxy {
	private constructor(
		private readonly server: Server,
		readonly url: string,
	) {}

	static async start(upstream: string, delayMs: number): Promise<LatencyProxy> {
		const target = new URL(upstream);
		const server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				void delay(delayMs).then(() => {
					const forward = request(
						{ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
						(answer) => {
							res.writeHead(answer.statusCode ?? 502, answer.headers);
							answer.pipe(res);
						},
					);
					forward.on('error', () => res.destroy());
					forward.end(Buffer.concat(chunks));
				});
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		return new LatencyProxy(server, `http://127.0.0.1:${port}`);
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
