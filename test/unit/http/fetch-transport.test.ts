import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';

/** A server that answers `/ok`, never answers `/silent`, and sends `/stalled`'s headers but not its body. */
async function startServer(): Promise<{ url: string; server: Server; open: Set<ServerResponse> }> {
	const open = new Set<ServerResponse>();
	const server = createServer((req, res) => {
		if (req.url === '/ok') {
			res.writeHead(200, { 'content-type': 'application/json', 'x-answer': 'yes' }).end('{"id":"7"}');
			return;
		}
		open.add(res);
		if (req.url === '/stalled') {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"id":');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, open };
}

describe('fetch transport', () => {
	let target: Awaited<ReturnType<typeof startServer>>;
	before(async () => (target = await startServer()));
	after(async () => {
		for (const res of target.open) res.destroy();
		await new Promise((resolve) => target.server.close(resolve));
	});

	it('answers with the status, the headers and the parsed JSON body', async () => {
		const response = await createFetchTransport().request({
			method: 'GET',
			url: `${target.url}/ok`,
			headers: {},
			timeoutMs: 1000,
		});
		assert.equal(response.status, 200);
		assert.equal(response.headers['x-answer'], 'yes');
		assert.deepEqual(response.body, { id: '7' });
	});

	it('gives up on a server that never sends its headers after timeoutMs', async () => {
		const failed = await createFetchTransport()
			.request({ method: 'POST', url: `${target.url}/silent`, headers: {}, body: { a: 1 }, timeoutMs: 200 })
			.then(
				() => undefined,
				(error: unknown) => error as Error & { cause?: { code?: string } },
			);
		assert.equal(failed?.cause?.code, 'UND_ERR_HEADERS_TIMEOUT');
	});

	it('gives up on a body that stops arriving for timeoutMs', async () => {
		const failed = await createFetchTransport()
			.request({ method: 'GET', url: `${target.url}/stalled`, headers: {}, timeoutMs: 200 })
			.then(
				() => undefined,
				(error: unknown) => error as Error & { cause?: { code?: string } },
			);
		assert.equal(failed?.cause?.code, 'UND_ERR_BODY_TIMEOUT');
	});
});
