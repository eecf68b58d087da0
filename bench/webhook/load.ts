import { Agent, request } from 'node:http';

export interface LoadRequest {
	path: string;
	headers: Record<string, string>;
	body: string;
}

export interface LoadResult {
	requests: number;
	failures: number;
	seconds: number;
	requestsPerSecond: number;
	p50Ms: number;
	p95Ms: number;
}

/**
 * Sends `total` POST requests to a loopback server over `concurrency` keep-alive connections.
 * `next(i)` builds request i (so each can carry its own signature and event id).
 */
export async function runLoad(
	baseUrl: string,
	total: number,
	concurrency: number,
	next: (index: number) => LoadRequest,
): Promise<LoadResult> {
	const url = new URL(baseUrl);
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const latencies: number[] = [];
	let issued = 0;
	let failures = 0;

	const send = (load: LoadRequest) =>
		new Promise<number>((resolveStatus, reject) => {
			const req = request(
				{
					host: url.hostname,
					port: url.port,
					path: load.path,
					method: 'POST',
					agent,
					headers: { ...load.headers, 'content-length': Buffer.byteLength(load.body) },
				},
				(res) => {
					res.resume();
					res.on('end', () => resolveStatus(res.statusCode ?? 0));
				},
			);
			req.on('error', reject);
			req.end(load.body);
		});

	const lane = async () => {
		while (issued < total) {
			const load = next(issued++);
			const started = performance.now();
			const status = await send(load).catch(() => 0);
			latencies.push(performance.now() - started);
			if (status < 200 || status >= 300) failures++;
		}
	};

	const started = performance.now();
	await Promise.all(Array.from({ length: concurrency }, lane));
	const seconds = (performance.now() - started) / 1000;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
	return {
		requests: total,
		failures,
		seconds,
		requestsPerSecond: total / seconds,
		p50Ms: percentile(0.5),
		p95Ms: percentile(0.95),
	};
}
