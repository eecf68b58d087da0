import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import { classify } from '../../../runtime/contracts/classify';
import { checkBatch } from '../../../runtime/contracts/contract-check';
import { emptyContract } from '../../../runtime/contracts/contract';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import { writeItem, type WriteContext, type WriteItem } from '../../../runtime/contracts/contract-writer';
import { endpointRequests } from '../../../runtime/contracts/target-endpoint';
import { KeyedLock } from '../../../runtime/contracts/keyed-lock';
import {
	InvalidOriginVersionError,
	isStale,
	originVersionOf,
	parseOriginVersion,
} from '../../../runtime/contracts/origin-version';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import type { Transport } from '../../../runtime/http/transport';
import { FakeTarget } from '../../fakes/target/fake-target';
import { withStoreAndTarget, type StoreFixture, type StoreKind } from './store-fixtures';

describe('origin versions', () => {
	it('reads numbers, numeric text and ISO timestamps; refuses anything else with a typed error', () => {
		assert.equal(parseOriginVersion(7), 7);
		assert.equal(parseOriginVersion(' 12 '), 12);
		assert.equal(parseOriginVersion('2026-01-02T00:00:00Z'), Date.parse('2026-01-02T00:00:00Z'));
		assert.equal(originVersionOf({ meta: { v: 3 } }, 'meta.v'), 3);
		assert.equal(originVersionOf({ v: 3 }, ''), undefined, 'no field configured: no ordering');
		for (const bad of [null, undefined, '', 'yesterday', Number.NaN, {}, true]) {
			assert.throws(() => parseOriginVersion(bad, 'v'), InvalidOriginVersionError);
		}
		assert.throws(
			() => originVersionOf({}, 'missing'),
			(error: unknown) => (error as InvalidOriginVersionError).code === 'INVALID_ORIGIN_VERSION',
		);
	});

	it('timestamps compare as instants, whatever their offset', () => {
		const a = parseOriginVersion('2026-01-01T10:00:00+02:00');
		const b = parseOriginVersion('2026-01-01T09:00:00Z');
		assert.ok(a < b);
	});

	it('only strictly older is stale; no stored or no inbound version never is', () => {
		assert.equal(isStale(1, 2), true);
		assert.equal(isStale(2, 2), false);
		assert.equal(isStale(3, 2), false);
		assert.equal(isStale(undefined, 2), false);
		assert.equal(isStale(1, null), false);
	});

	it('Contract Check routes an older version unchanged with reason stale, even when forced', () => {
		const contract = {
			...emptyContract('s', 'o1'),
			targetId: 't1',
			originHash: 'h3',
			targetHash: 'x',
			configVersion: 'c',
			mappingVersion: 'm',
			originVersion: 3,
		};
		const base = { contract, configVersion: 'c', mappingVersion: 'm', force: false };
		assert.deepEqual(classify({ ...base, hash: 'h2', originVersion: 2 }), { route: 'unchanged', reason: 'stale' });
		assert.deepEqual(classify({ ...base, hash: 'h2', originVersion: 2, force: true }), {
			route: 'unchanged',
			reason: 'stale',
		});
		assert.deepEqual(classify({ ...base, hash: 'h4', originVersion: 4 }), { route: 'changed', reason: 'hash-changed' });
		assert.deepEqual(
			classify({ ...base, hash: 'h3b', originVersion: 3 }),
			{ route: 'changed', reason: 'hash-changed' },
			'equal version, other content: written',
		);
		assert.deepEqual(classify({ ...base, hash: 'h3', originVersion: 3 }), { route: 'unchanged', reason: 'up-to-date' });
	});

	it('KeyedLock runs one task per key at a time, keys independently', async () => {
		const lock = new KeyedLock();
		const events: string[] = [];
		const task = (key: string, name: string, ms: number) =>
			lock.run(key, async () => {
				events.push(`start ${name}`);
				await delay(ms);
				events.push(`end ${name}`);
			});
		await Promise.all([task('a', 'a1', 30), task('a', 'a2', 1), task('b', 'b1', 1)]);
		assert.ok(events.indexOf('end a1') < events.indexOf('start a2'), events.join(', '));
		assert.ok(events.indexOf('start b1') < events.indexOf('end a1'), 'another key does not wait');
	});
});

/** A transport that holds back requests whose body matches, to force an interleaving. */
function slowFor(match: (body: unknown) => boolean, ms: number): Transport {
	const inner = createFetchTransport();
	return {
		request: async (request) => {
			if (match(request.body)) await delay(ms);
			return inner.request(request);
		},
	};
}

/** Sends at once, then holds the answer back: the write has happened, its response is still in flight. */
function slowAnswerFor(match: (body: unknown) => boolean, ms: number): Transport {
	const inner = createFetchTransport();
	return {
		request: async (request) => {
			const response = await inner.request(request);
			if (match(request.body)) await delay(ms);
			return response;
		},
	};
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
	describe(`out-of-order updates and per-object write serialisation (${kind})`, () => {
		let fixture: StoreFixture;
		let store: ContractStore;
		let target: FakeTarget;
		let sync = 0;
		let ctx: WriteContext;

		withStoreAndTarget(kind, 'ordering', (handles) => {
			({ store, target, fixture } = handles);
		});
		beforeEach(() => {
			target.records.clear();
			target.resetStats();
			ctx = {
				store,
				client: createResilientClient({
					transport: createFetchTransport(),
					retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
				}),
				target: endpointRequests(target.endpoint()),
				synchronizationId: `ordering-${++sync}`,
				configVersion: 'c1',
				mappingVersion: 'm1',
			};
		});

		const version = (v: number) => ({ key: 'o1', name: `version ${v}`, v });
		const item = (v: number, route: WriteItem['route'] = 'changed'): WriteItem => ({
			inboundId: 'o1',
			hash: canonicalHash(version(v)),
			body: version(v),
			route,
			originVersion: v,
		});

		it('stores the written version; an older delivery afterwards is stale in the check and in the writer', async () => {
			assert.equal((await writeItem(ctx, item(1, 'new'))).status, 'created');
			assert.equal((await writeItem(ctx, item(3))).status, 'updated');
			assert.equal((await store.get(ctx.synchronizationId, 'o1'))?.originVersion, 3);

			const checked = await checkBatch(
				store,
				{
					synchronizationId: ctx.synchronizationId,
					configVersion: 'c1',
					mappingVersion: 'm1',
					originVersionField: 'v',
				},
				[{ inboundId: 'o1', record: version(2) }],
			);
			assert.deepEqual(checked.objects[0].classification, { route: 'unchanged', reason: 'stale' });
			assert.equal(checked.objects[0].originVersion, 2);

			target.resetStats();
			assert.deepEqual(await writeItem(ctx, item(2)), { status: 'skipped', reason: 'stale' });
			assert.equal(target.stats.requests, 0, 'a stale object is never sent');
			assert.equal([...target.records.values()][0].name, 'version 3');
		});

		it('two writers with v2 and v3 of one object, v2 slowed down: the target ends on v3, one create', async () => {
			assert.equal((await writeItem(ctx, item(1, 'new'))).status, 'created');
			const other = await fixture.reopen();
			try {
				const slowV2 = createResilientClient({
					transport: slowFor((body) => (body as { v?: number } | undefined)?.v === 2, 200),
					retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
				});
				const workerA: WriteContext = { ...ctx, client: slowV2 };
				const workerB: WriteContext = { ...ctx, store: other };
				// v2 starts first and is slow at the target; v3 arrives while v2 is in flight.
				const first = writeItem(workerA, item(2));
				await delay(30);
				const second = writeItem(workerB, item(3));
				const [a, b] = await Promise.all([first, second]);
				assert.deepEqual([a.status, b.status], ['updated', 'updated'], 'v2 held the lock, v3 followed it');
				const stored = await store.get(ctx.synchronizationId, 'o1');
				assert.equal(stored?.originVersion, 3);
				assert.equal(stored?.originHash, canonicalHash(version(3)));
				assert.equal(target.records.size, 1);
				assert.equal([...target.records.values()][0].name, 'version 3');
				assert.equal(target.stats.creates, 1);
			} finally {
				await other.close();
			}
		});

		it('v3 first, then v2 while v3 is in flight: v2 waits for the lock and is then stale', async () => {
			assert.equal((await writeItem(ctx, item(1, 'new'))).status, 'created');
			const other = await fixture.reopen();
			try {
				const slowV3 = createResilientClient({
					transport: slowFor((body) => (body as { v?: number } | undefined)?.v === 3, 200),
					retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
				});
				const first = writeItem({ ...ctx, client: slowV3 }, item(3));
				await delay(30);
				const second = writeItem({ ...ctx, store: other }, item(2));
				const [a, b] = await Promise.all([first, second]);
				assert.equal(a.status, 'updated');
				assert.deepEqual(b, { status: 'skipped', reason: 'stale' });
				assert.equal([...target.records.values()][0].name, 'version 3');
			} finally {
				await other.close();
			}
		});

		it('two concurrent creates of one new object (both routed new): one create, the same content is not written twice', async () => {
			const other = await fixture.reopen();
			try {
				const [a, b] = await Promise.all([
					writeItem(ctx, item(1, 'new')),
					writeItem({ ...ctx, store: other }, item(1, 'new')),
				]);
				assert.deepEqual([a.status, b.status].sort(), ['created', 'skipped']);
				assert.equal(target.stats.creates, 1);
				assert.equal(
					target.stats.requests,
					1,
					'the second writer re-read the contract under the lock and found it written',
				);
			} finally {
				await other.close();
			}
		});

		it('two-way: the echo of a return write, arriving while that write is in flight, waits for it and is dropped', async () => {
			assert.equal((await writeItem(ctx, item(1, 'new'))).status, 'created');
			const targetId = (await store.get(ctx.synchronizationId, 'o1'))?.targetId as string;
			// The origin lives at the same fake here: the return flow writes /records/o1.
			target.records.set('o1', { ...version(1), id: 'o1' });
			const other = await fixture.reopen();
			try {
				const returning: WriteContext = {
					...ctx,
					store: other,
					writeSide: 'origin',
					client: createResilientClient({
						transport: slowAnswerFor(
							(body) => (body as { name?: string } | undefined)?.name === 'edited on the target',
							300,
						),
						retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 5000 },
					}),
				};
				const edited = { key: 'o1', name: 'edited on the target', v: 2 };
				target.resetStats();
				const returnWrite = writeItem(returning, {
					inboundId: targetId,
					hash: canonicalHash(edited),
					body: edited,
					route: 'changed',
				});
				// The origin already holds the edit and publishes it; our return write has not been answered yet.
				while (target.records.get('o1')?.name !== 'edited on the target') await delay(5);
				const echo = target.records.get('o1') as Record<string, unknown>;
				const forward = await writeItem(ctx, {
					inboundId: 'o1',
					hash: canonicalHash(echo),
					body: echo,
					route: 'changed',
				});
				assert.equal((await returnWrite).status, 'updated');
				assert.deepEqual(forward, { status: 'skipped', reason: 'echo' });
				assert.equal(target.stats.updates, 1, 'only the return write itself; the echo went nowhere');
			} finally {
				await other.close();
			}
		});

		it('many interleaved versions from two writers: the target ends on the highest', async () => {
			const other = await fixture.reopen();
			try {
				const versions = [1, 4, 2, 6, 3, 5, 8, 7];
				await Promise.all(
					versions.map((v, index) => writeItem({ ...ctx, store: index % 2 === 0 ? store : other }, item(v, 'new'))),
				);
				assert.equal(target.stats.creates, 1);
				assert.equal([...target.records.values()][0].name, 'version 8');
				assert.equal((await store.get(ctx.synchronizationId, 'o1'))?.originVersion, 8);
			} finally {
				await other.close();
			}
		});
	});
}
