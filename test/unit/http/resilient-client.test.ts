import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CircuitBreaker } from '../../../runtime/http/circuit-breaker';
import { CircuitOpenError, NetworkError, PermanentHttpError, RetryExhaustedError } from '../../../runtime/http/errors';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import type { Transport, TransportRequest, TransportResponse } from '../../../runtime/http/transport';

/** A transport answering from a script; an Error entry is thrown as a network failure. */
function scripted(steps: (Partial<TransportResponse> | Error)[]) {
	const seen: TransportRequest[] = [];
	const transport: Transport = {
		async request(request) {
			seen.push(request);
			const step = steps.shift() ?? { status: 200 };
			if (step instanceof Error) throw step;
			return { status: step.status ?? 200, headers: step.headers ?? {}, body: step.body };
		},
	};
	return { transport, seen };
}

const get = { method: 'GET' as const, url: 'http://target.test/x', headers: {} };

describe('createResilientClient', () => {
	it('retries network errors, 408, 429 and 5xx with full-jitter delays, then succeeds', async () => {
		const { transport, seen } = scripted([
			new Error('ECONNRESET'),
			{ status: 408 },
			{ status: 429 },
			{ status: 503 },
			{ status: 200, body: 'ok' },
		]);
		const delays: number[] = [];
		const client = createResilientClient({
			transport,
			retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000 },
			random: () => 0.5,
			sleep: async (ms) => void delays.push(ms),
		});
		const response = await client.request(get, { idempotencyKey: 'k' });
		assert.equal(response.body, 'ok');
		assert.equal(response.attempts, 5);
		assert.deepEqual(delays, [50, 100, 200, 400]);
		assert.ok(
			seen.every((request) => request.headers['Idempotency-Key'] === 'k'),
			'same key on every attempt',
		);
	});

	it('honours Retry-After over a shorter jitter delay', async () => {
		const { transport } = scripted([{ status: 429, headers: { 'Retry-After': '2' } }, { status: 200 }]);
		const delays: number[] = [];
		const client = createResilientClient({ transport, random: () => 0, sleep: async (ms) => void delays.push(ms) });
		await client.request(get);
		assert.deepEqual(delays, [2000]);
	});

	it('gives up early when Retry-After exceeds the allowed wait', async () => {
		const { transport, seen } = scripted([{ status: 503, headers: { 'retry-after': '3600' } }]);
		const client = createResilientClient({ transport, retry: { maxRetryAfterMs: 60_000 }, sleep: async () => {} });
		await assert.rejects(client.request(get), (error: unknown) => {
			assert.ok(error instanceof RetryExhaustedError);
			assert.equal(error.attempts, 1);
			assert.equal(error.lastStatus, 503);
			return true;
		});
		assert.equal(seen.length, 1);
	});

	it('sends other 4xx straight to the error path without retrying', async () => {
		const { transport, seen } = scripted([{ status: 422, body: { error: 'bad' } }]);
		const client = createResilientClient({ transport, sleep: async () => {} });
		await assert.rejects(client.request(get), (error: unknown) => {
			assert.ok(error instanceof PermanentHttpError);
			assert.equal(error.code, 'PERMANENT_HTTP_ERROR');
			assert.equal(error.status, 422);
			assert.match(error.message, /GET http:\/\/target.test\/x was rejected with HTTP 422: {"error":"bad"}/);
			return true;
		});
		assert.equal(seen.length, 1);
	});

	it('reports exhaustion with the last cause', async () => {
		const { transport } = scripted([new Error('down'), new Error('down'), new Error('still down')]);
		const client = createResilientClient({ transport, retry: { maxAttempts: 3 }, sleep: async () => {} });
		await assert.rejects(client.request(get), (error: unknown) => {
			assert.ok(error instanceof RetryExhaustedError);
			assert.ok(error.lastError instanceof NetworkError);
			assert.match(error.message, /still failing after 3 attempts \(last: .*still down\)/);
			return true;
		});
	});

	it('fails fast while the circuit is open', async () => {
		let now = 0;
		const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 5000, now: () => now });
		const { transport, seen } = scripted([{ status: 500 }, { status: 500 }, { status: 200 }]);
		const client = createResilientClient({
			transport,
			breaker,
			retry: { maxAttempts: 5 },
			sleep: async () => {},
			now: () => now,
		});
		await assert.rejects(client.request(get), CircuitOpenError);
		assert.equal(seen.length, 2);
		await assert.rejects(
			client.request(get),
			(error: unknown) => error instanceof CircuitOpenError && error.code === 'CIRCUIT_OPEN',
		);
		assert.equal(seen.length, 2, 'no request while open');
		now = 5000;
		assert.equal((await client.request(get)).status, 200);
		assert.equal(breaker.state, 'closed');
	});
});
