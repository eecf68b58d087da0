import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import { checkBatch } from '../../../runtime/contracts/contract-check';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import { writeItem, type WriteContext, type WriteOutcome } from '../../../runtime/contracts/contract-writer';
import { endpointRequests } from '../../../runtime/contracts/target-endpoint';

import { replayDeadLetters } from '../../../runtime/contracts/dead-letter-replay';
import { CircuitBreaker } from '../../../runtime/http/circuit-breaker';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient, type ResilientClientOptions } from '../../../runtime/http/resilient-client';
import { FakeTarget } from '../../fakes/target/fake-target';
import { dyingAt } from '../contracts/store-faults';
import { withStoreAndTarget, type StoreFixture, type StoreKind } from '../contracts/store-fixtures';

const record = (key: string, name = `Name ${key}`) => ({ key, name });

/** Check one record and write it if needed: one origin -> target pass for one object. */
async function syncRecord(ctx: WriteContext, body: Record<string, unknown>): Promise<WriteOutcome> {
	const checked = await checkBatch(
		ctx.store,
		{ synchronizationId: ctx.synchronizationId, configVersion: ctx.configVersion, mappingVersion: ctx.mappingVersion },
		[{ inboundId: String(body.key), record: body }],
	);
	const [object] = checked.objects;
	return writeItem(ctx, { inboundId: object.inboundId, hash: object.hash, body, route: object.classification.route });
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
	describe(`fault handling against the loopback fake target (${kind})`, () => {
		let fixture: StoreFixture;
		let store: ContractStore;
		let target: FakeTarget;
		let delays: number[];
		let n = 0;

		const context = (store: ContractStore, client: Partial<ResilientClientOptions> = {}): WriteContext => ({
			store,
			client: createResilientClient({
				transport: createFetchTransport(),
				retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 100, timeoutMs: 300 },
				// Record the waits instead of sleeping them: Retry-After values are asserted, not endured.
				sleep: async (ms) => {
					delays.push(ms);
					await new Promise((resolve) => setImmediate(resolve));
				},
				...client,
			}),
			target: endpointRequests(target.endpoint()),
			synchronizationId: `faults-${kind}-${n}`,
			configVersion: 'c1',
			mappingVersion: 'm1',
		});

		withStoreAndTarget(kind, 'faults', (handles) => {
			({ store, target, fixture } = handles);
		});
		beforeEach(() => {
			n += 1;
			delays = [];
			target.records.clear();
			target.clearFaults();
			target.resetStats();
		});

		it('waits the Retry-After seconds of a 429, then writes once', async () => {
			target.inject({ kind: 'status', status: 429, retryAfter: 2 });
			const outcome = await syncRecord(context(store), record('a'));
			assert.equal(outcome.status, 'created');
			assert.equal(outcome.status === 'created' && outcome.attempts, 2);
			assert.ok(delays[0] >= 2000 && delays[0] < 2100, `waited ${delays[0]}ms`);
			assert.equal(target.stats.creates, 1);
		});

		it('waits until the Retry-After HTTP date of a 429', async () => {
			const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 5000);
			target.inject({ kind: 'status', status: 429, retryAfter: at.toUTCString() });
			const outcome = await syncRecord(context(store), record('a'));
			assert.equal(outcome.status, 'created');
			assert.ok(delays[0] > 3500 && delays[0] <= 6100, `waited ${delays[0]}ms`);
		});

		it('rides out a short 503 storm with backoff', async () => {
			target.inject({ kind: 'status', status: 503, times: 3 });
			const outcome = await syncRecord(context(store), record('a'));
			assert.equal(outcome.status === 'created' && outcome.attempts, 4);
			assert.equal(delays.length, 3);
			assert.ok(delays.every((delay) => delay >= 0 && delay < 100));
			assert.equal(target.records.size, 1);
		});

		it('keeps the item through a long 503 storm and replays it afterwards', async () => {
			target.inject({ kind: 'status', status: 503, times: 5 });
			const ctx = context(store);
			const outcome = await syncRecord(ctx, record('a'));
			assert.equal(outcome.status, 'failed');
			assert.equal(outcome.status === 'failed' && outcome.code, 'RETRY_EXHAUSTED');
			assert.equal(target.records.size, 0);
			assert.ok(await store.getIntent(ctx.synchronizationId, 'target', 'a'), 'the intent stays for the rerun');
			const [replay] = await replayDeadLetters(ctx);
			assert.equal(replay.outcome.status, 'created');
			assert.equal(target.records.size, 1);
			assert.deepEqual(await store.listDeadLetters(ctx.synchronizationId), []);
			assert.equal(await store.getIntent(ctx.synchronizationId, 'target', 'a'), undefined);
		});

		it('opens the circuit during a storm so later items fail fast without calls', async () => {
			target.inject({ kind: 'status', status: 503, times: 100 });
			const ctx = context(store, {
				breaker: new CircuitBreaker({ failureThreshold: 3, openMs: 60_000 }),
				retry: { maxAttempts: 2, baseDelayMs: 1 },
			});
			const outcomes: WriteOutcome[] = [];
			for (const key of ['a', 'b', 'c', 'd']) outcomes.push(await syncRecord(ctx, record(key)));
			assert.deepEqual(
				outcomes.map((o) => o.status === 'failed' && o.code),
				['RETRY_EXHAUSTED', 'CIRCUIT_OPEN', 'CIRCUIT_OPEN', 'CIRCUIT_OPEN'],
			);
			assert.equal(target.stats.requests, 3);
			assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 4, 'nothing is dropped');
		});

		it('does not duplicate when the request times out after the server committed', async () => {
			target.inject({ kind: 'commitThenHang', hangMs: 5000, methods: ['POST'] });
			const ctx = context(store);
			const outcome = await syncRecord(ctx, record('a'));
			assert.equal(outcome.status, 'created');
			assert.equal(outcome.status === 'created' && outcome.attempts, 2);
			assert.equal(target.stats.creates, 1);
			assert.equal(target.stats.idempotentReplays, 1);
			assert.equal(target.records.size, 1);
			const contract = await store.get(ctx.synchronizationId, 'a');
			assert.equal(contract?.targetId, [...target.records.keys()][0]);
		});

		it('retries a connection reset', async () => {
			target.inject({ kind: 'reset' });
			const outcome = await syncRecord(context(store), record('a'));
			assert.equal(outcome.status === 'created' && outcome.attempts, 2);
			assert.equal(target.records.size, 1);
		});

		it('after a crash between target write and contract save, a rerun neither duplicates nor loses', async () => {
			const body = record('a');
			const crashed = await syncRecord(context(dyingAt(store, 'commitWrite')), body);
			assert.equal(crashed.status, 'failed');
			assert.equal(target.stats.creates, 1, 'the target write happened');
			assert.equal(await store.get(`faults-${kind}-${n}`, 'a'), undefined, 'the contract did not');

			// The restarted process opens the store afresh and runs the same synchronization again.
			const restarted = await fixture.reopen();
			try {
				const ctx = context(restarted);
				const intent = await restarted.getIntent(ctx.synchronizationId, 'target', 'a');
				assert.equal(intent?.hash, canonicalHash(body));
				const rerun = await syncRecord(ctx, body);
				assert.equal(rerun.status, 'created');
				assert.equal(rerun.status === 'created' && rerun.reconciled, true);
				assert.equal(target.stats.creates, 1, 'no duplicate');
				assert.equal(target.records.size, 1);
				const contract = await restarted.get(ctx.synchronizationId, 'a');
				assert.equal(contract?.targetId, [...target.records.keys()][0], 'nothing lost');
				assert.equal(await restarted.getIntent(ctx.synchronizationId, 'target', 'a'), undefined);
				// And the run after that is a no-op.
				target.resetStats();
				assert.deepEqual(await syncRecord(ctx, body), { status: 'skipped', reason: 'unchanged' });
				assert.equal(target.stats.requests, 0);
			} finally {
				await restarted.close();
			}
		});

		it('same crash against a target without idempotency support duplicates: why the key matters', async () => {
			target.honourIdempotency = false;
			try {
				await syncRecord(context(dyingAt(store, 'commitWrite')), record('a'));
				await syncRecord(context(store), record('a'));
				assert.equal(target.stats.creates, 2);
			} finally {
				target.honourIdempotency = true;
			}
		});

		it('with idInRequestBody, a rerun reconciles through 409 Conflict even without idempotency support', async () => {
			target.honourIdempotency = false;
			try {
				const withId = (ctx: WriteContext): WriteContext => ({
					...ctx,
					target: endpointRequests(target.endpoint({ idInRequestBody: 'id' })),
				});
				const body = { key: 'a', id: 'ours-a', name: 'A' };
				assert.equal((await syncRecord(withId(context(dyingAt(store, 'commitWrite'))), body)).status, 'failed');
				const rerun = await syncRecord(withId(context(store)), body);
				assert.equal(rerun.status, 'created');
				assert.equal(rerun.status === 'created' && rerun.reconciled, true);
				assert.equal(target.stats.creates, 1);
				assert.equal((await store.get(`faults-${kind}-${n}`, 'a'))?.targetId, 'ours-a');
			} finally {
				target.honourIdempotency = true;
			}
		});
	});
}
