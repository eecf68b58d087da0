import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	createFullResponseTransport,
	type FullResponseRequestOptions,
} from '../../../runtime/http/full-response-transport';

describe('createFullResponseTransport', () => {
	it('asks for the full response without status errors and maps it back', async () => {
		let seen: FullResponseRequestOptions | undefined;
		const transport = createFullResponseTransport(async (options) => {
			seen = options;
			return {
				statusCode: 429,
				headers: { 'Retry-After': '3', 'Set-Cookie': ['a=1', 'b=2'] },
				body: { error: 'slow down' },
			};
		});
		const response = await transport.request({
			method: 'POST',
			url: 'https://t.test/x',
			headers: { a: 'b' },
			body: { n: 1 },
			timeoutMs: 500,
		});
		assert.deepEqual(seen, {
			method: 'POST',
			url: 'https://t.test/x',
			headers: { a: 'b' },
			body: { n: 1 },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 500,
		});
		assert.deepEqual(response, {
			status: 429,
			headers: { 'retry-after': '3', 'set-cookie': 'a=1' },
			body: { error: 'slow down' },
		});
	});

	it('lets network failures propagate as rejections', async () => {
		const transport = createFullResponseTransport(async () => Promise.reject(new Error('ECONNREFUSED')));
		await assert.rejects(transport.request({ method: 'GET', url: 'https://t.test/', headers: {} }), /ECONNREFUSED/);
	});
});
