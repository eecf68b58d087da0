import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type { BulkWrite, BulkWriter, BulkWriteResult } from '../../../runtime/contracts/bulk-write';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import { writeChunk, writeInChunks } from '../../../runtime/contracts/chunk-writer';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import type { WriteContext, WriteItem, WriteOutcome } from '../../../runtime/contracts/contract-writer';
import { endpointRequests } from '../../../runtime/contracts/target-endpoint';
import type { TargetRequests } from '../../../runtime/contracts/target-requests';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient, type ResilientClient } from '../../../runtime/http/resilient-client';
import { FakeTarget } from '../../fakes/target/fake-target';
import { dyingAt } from './store-faults';
import { withStoreAndTarget, type StoreKind } from './store-fixtures';

const body = (key: string, name = `Name ${key}`): Record<string, unknown> => ({ key, name });
const newItem = (record: Record<string, unknown>): WriteItem => ({
	inboundId: String(record.key),
	hash: canonicalHash(record),
	body: record,
	route: 'new',
});
const keys = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

/** The store with every call counted by method name, as a chunk makes them. */
function counting(store: ContractStore): { store: ContractStore; calls: Map<string, number> } {
	const calls = new Map<string, number>();
	const proxy = new Proxy(store, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (typeof value !== 'function') return value;
			return (...args: unknown[]) => {
				calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
				return (value as (...a: unknown[]) => unknown).apply(target, args);
			};
		},
	});
	return { store: proxy, calls };
}

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
	describe(`writeChunk (${kind})`, () => {
		let store: ContractStore;
		let target: FakeTarget;
		let sync = 0;
		let synchronizationId = '';

		withStoreAndTarget(kind, 'chunk', (handles) => {
			({ store, target } = handles);
		});
		beforeEach(() => {
			target.reset();
			synchronizationId = `chunk-${++sync}`;
		});

		const context = (over: Partial<WriteContext> = {}): WriteContext => ({
			store,
			client: createResilientClient({
				transport: createFetchTransport(),
				retry: { maxAttempts: 1, timeoutMs: 2000 },
			}),
			target: endpointRequests(target.endpoint()),
			synchronizationId,
			configVersion: '1',
			mappingVersion: '1',
			...over,
		});

		it('writes a chunk with one intent transaction and one commit, each record once', async () => {
			const { store: counted, calls } = counting(store);
			const items = keys(300, 'a').map((key) => newItem(body(key)));
			const outcomes = await writeChunk(context({ store: counted }), items, { concurrency: 8 });

			assert.deepEqual(
				new Set(outcomes.map((outcome) => outcome.status)),
				new Set(['created']),
				JSON.stringify(outcomes.find((outcome) => outcome.status !== 'created')),
			);
			assert.equal(target.stats.creates, 300);
			assert.equal(calls.get('putIntents'), 1);
			assert.equal(calls.get('commitWrites'), 1);
			assert.equal(calls.get('getMany'), 1);
			// The item-by-item path was not taken.
			for (const single of ['putIntent', 'commitWrite', 'get', 'getIntent', 'withObjectLock']) {
				assert.equal(calls.get(single), undefined, single);
			}
			const status = await store.status(synchronizationId);
			assert.equal(status.contracts, 300);
			assert.equal(status.withTargetId, 300);
			assert.equal(status.pendingIntents, 0);
			// Outcomes in input order: each names the record the target made for that item.
			outcomes.forEach((outcome, index) => {
				const targetId = (outcome as { targetId: string }).targetId;
				assert.equal(target.records.get(targetId)?.key, items[index].inboundId);
			});
		});

		it('writes two versions of one object in one chunk in input order', async () => {
			const first = body('dup', 'First');
			const second = body('dup', 'Second');
			const outcomes = await writeChunk(
				context(),
				[newItem(first), newItem(body('other')), { ...newItem(second), route: 'changed' }],
				{ concurrency: 4 },
			);
			assert.deepEqual(
				outcomes.map((outcome) => outcome.status),
				['created', 'created', 'updated'],
			);
			const contract = await store.get(synchronizationId, 'dup');
			assert.equal(contract?.originHash, canonicalHash(second));
			assert.equal(target.records.get(contract?.targetId as string)?.name, 'Second');
			assert.equal(target.stats.creates, 2);
		});

		it('dead-letters a refused record and commits the rest of its chunk', async () => {
			const items = [...keys(20, 'p').map((key) => newItem(body(key))), newItem({ key: 'bad', invalid: true })];
			const outcomes = await writeChunk(context(), items, { concurrency: 4 });
			const failed = outcomes.filter((outcome) => outcome.status === 'failed');
			assert.equal(failed.length, 1);
			assert.equal((outcomes[20] as { httpStatus?: number }).httpStatus, 422);
			const status = await store.status(synchronizationId);
			assert.equal(status.contracts, 20);
			assert.equal(status.deadLetters, 1);
			// A refused request never reached the target's state: no intent is left for it.
			assert.equal(status.pendingIntents, 0);
			assert.equal((await store.listDeadLetters(synchronizationId))[0].inboundId, 'bad');
		});

		it('after a crash between the target calls and the commit, a rerun neither duplicates nor loses', async () => {
			const items = keys(120, 'c').map((key) => newItem(body(key)));
			await assert.rejects(
				writeChunk(context({ store: dyingAt(store, 'commitWrites') }), items, { concurrency: 8 }),
				/simulated crash/,
			);
			assert.equal(target.stats.creates, 120);
			assert.equal((await store.status(synchronizationId)).pendingIntents, 120);

			const rerun = await writeChunk(context(), items, { concurrency: 8 });
			assert.equal(target.stats.creates, 120, 'the rerun made no second record');
			assert.equal(target.stats.idempotentReplays, 120);
			assert.ok(rerun.every((outcome) => outcome.status === 'created' && outcome.reconciled));
			const status = await store.status(synchronizationId);
			assert.equal(status.contracts, 120);
			assert.equal(status.pendingIntents, 0);
			assert.equal(target.records.size, 120);
		});

		it('commits on top of a contract a lock-free writer moved during the chunk', async () => {
			await writeChunk(context(), [newItem(body('m0')), newItem(body('m1'))], { concurrency: 2 });
			// Between the chunk's read and its commit, something outside the object locks touches m1's contract.
			const moving = new Proxy(store, {
				get(target, property, receiver) {
					if (property === 'putIntents') {
						return async (...args: Parameters<ContractStore['putIntents']>) => {
							const current = await store.get(synchronizationId, 'm1');
							await store.put({ ...(current as NonNullable<typeof current>), sourceLastChecked: 'moved' });
							return store.putIntents(...args);
						};
					}
					const value = Reflect.get(target, property, receiver) as unknown;
					return typeof value === 'function' ? value.bind(target) : value;
				},
			});
			const changed = [body('m0', 'Renamed 0'), body('m1', 'Renamed 1')].map((record) => ({
				...newItem(record),
				route: 'changed' as const,
			}));
			const outcomes = await writeChunk(context({ store: moving }), changed, { concurrency: 2 });
			assert.deepEqual(
				outcomes.map((outcome) => outcome.status),
				['updated', 'updated'],
			);
			const m1 = await store.get(synchronizationId, 'm1');
			assert.equal(m1?.originHash, canonicalHash(changed[1].body));
			assert.equal(m1?.revision, 3, 'created (1), moved (2), updated on top of the move (3)');
			assert.equal((await store.status(synchronizationId)).pendingIntents, 0);
		});

		describe('in overlapping chunks (writeInChunks, 500 items a chunk)', () => {
			/** The store and the client with every store call's start and end, and every request's, logged in order. */
			function logging(ctx: WriteContext): { ctx: WriteContext; log: string[] } {
				const log: string[] = [];
				const loggedStore = new Proxy(ctx.store, {
					get(target, property, receiver) {
						const value = Reflect.get(target, property, receiver) as unknown;
						if (typeof value !== 'function') return value;
						return async (...args: unknown[]) => {
							log.push(`${String(property)}:start`);
							try {
								return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
							} finally {
								log.push(`${String(property)}:end`);
							}
						};
					},
				});
				const client: ResilientClient = {
					...ctx.client,
					request: async (request) => {
						const key = String((request.body as { key?: string } | undefined)?.key);
						log.push(`request:start:${key}`);
						try {
							return await ctx.client.request(request);
						} finally {
							log.push(`request:end:${key}`);
						}
					},
				};
				return { ctx: { ...ctx, store: loggedStore, client }, log };
			}
			const chunkOf = (key: string) => Math.floor(Number(key.slice(1)) / 500);

			it("stores the next chunk's intents while this one's requests are out, never with two chunks' requests out", async () => {
				const { ctx, log } = logging(context());
				const items = keys(1200, 'o').map((key) => newItem(body(key)));
				const outcomes = await writeInChunks(ctx, items, { concurrency: 8 });

				assert.ok(outcomes.every((outcome) => outcome.status === 'created'));
				assert.equal(target.stats.creates, 1200);
				assert.equal((await store.status(synchronizationId)).pendingIntents, 0);
				const at = (entry: string, from = 0) => log.indexOf(entry, from);
				const secondIntents = at('putIntents:end', at('putIntents:end') + 1);
				assert.ok(secondIntents < at('commitWrites:start'), "chunk 1's intents were stored before chunk 0 committed");
				// Requests in flight: at most the concurrency, and all of one chunk's before any of the next.
				let inFlight = 0;
				let highest = 0;
				let chunk = 0;
				for (const entry of log.filter((line) => line.startsWith('request:'))) {
					const [, edge, key] = entry.split(':');
					inFlight += edge === 'start' ? 1 : -1;
					highest = Math.max(highest, inFlight);
					if (edge === 'start' && chunkOf(key) !== chunk) {
						assert.equal(inFlight, 1, `chunk ${chunkOf(key)} sent while chunk ${chunk} had requests out`);
						chunk = chunkOf(key);
					}
				}
				assert.equal(chunk, 2);
				assert.ok(highest <= 8, `${highest} requests in flight`);
			});

			it('writes an object named in two chunks in input order', async () => {
				const first = body('o1', 'First');
				const second = body('o1', 'Second');
				const items = [
					...keys(500, 'o').map((key) => newItem(key === 'o1' ? first : body(key))),
					{ ...newItem(second), route: 'changed' as const },
				];
				const outcomes = await writeInChunks(context(), items, { concurrency: 8 });
				assert.equal(outcomes[1].status, 'created');
				assert.equal(outcomes[500].status, 'updated');
				const contract = await store.get(synchronizationId, 'o1');
				assert.equal(contract?.originHash, canonicalHash(second));
				assert.equal(contract?.revision, 2);
				assert.equal(target.records.get(contract?.targetId as string)?.name, 'Second');
				assert.equal(target.stats.creates, 500);
			});

			it('ends with the error of a chunk that failed; a rerun then writes every record once', async () => {
				let commits = 0;
				const failingSecondCommit = new Proxy(store, {
					get(target, property, receiver) {
						if (property === 'commitWrites') {
							return (...args: Parameters<ContractStore['commitWrites']>) =>
								++commits === 2 ? Promise.reject(new Error('the store went away')) : store.commitWrites(...args);
						}
						const value = Reflect.get(target, property, receiver) as unknown;
						return typeof value === 'function' ? value.bind(target) : value;
					},
				});
				const items = keys(1500, 'o').map((key) => newItem(body(key)));
				await assert.rejects(
					writeInChunks(context({ store: failingSecondCommit }), items, { concurrency: 8 }),
					/the store went away/,
				);
				const afterFailure = await store.status(synchronizationId);
				assert.ok(afterFailure.contracts >= 500, 'the chunk before the failed one is committed');
				assert.ok(afterFailure.pendingIntents >= 500, "the failed chunk's intents are kept for the rerun");

				const rerun = await writeInChunks(context(), items, { concurrency: 8 });
				assert.ok(rerun.every((outcome) => outcome.status === 'created' || outcome.status === 'skipped'));
				const status = await store.status(synchronizationId);
				assert.equal(status.contracts, 1500);
				assert.equal(status.pendingIntents, 0);
				assert.equal(target.records.size, 1500, 'no record was created twice');
			});
		});

		describe('through a bulk API', () => {
			/** A bulk API over the fake target's records, answering each write as the connector's writer would. */
			function recordingBulk(answer: (write: BulkWrite) => BulkWriteResult | 'throw'): {
				bulk: BulkWriter;
				calls: BulkWrite[][];
			} {
				const calls: BulkWrite[][] = [];
				return {
					calls,
					bulk: {
						systemName: 'The fake',
						actions: ['create', 'update'],
						minWrites: 5,
						send: async (_client, writes) => {
							calls.push([...writes]);
							const answers = writes.map(answer);
							if (answers.includes('throw')) throw new Error('the bulk call failed as a whole');
							return answers as BulkWriteResult[];
						},
					},
				};
			}
			const withBulk = (bulk: BulkWriter): TargetRequests => ({ ...context().target, bulk });

			it('sends the chunk in one bulk call, dead-letters the records it refused, commits the others', async () => {
				const { bulk, calls } = recordingBulk((write) =>
					write.body.key === 'b3'
						? {
								ok: false,
								status: 400,
								code: 'REQUIRED_FIELD_MISSING',
								message: 'Required fields are missing: [LastName]',
								transient: false,
							}
						: {
								ok: true,
								id: `bulk-${String(write.body.key)}`,
								record: { ...write.body, id: `bulk-${String(write.body.key)}` },
							},
				);
				const items = keys(10, 'b').map((key) => newItem(body(key)));
				const outcomes = await writeChunk(context({ target: withBulk(bulk) }), items, { concurrency: 4 });

				assert.equal(calls.length, 1);
				assert.equal(calls[0].length, 10);
				assert.equal(target.stats.requests, 0, 'nothing went one request at a time');
				// Every write carries its object's stable key, the same on every rerun.
				assert.equal(new Set(calls[0].map((write) => write.objectKey)).size, 10);
				const failed = outcomes[3] as Extract<WriteOutcome, { status: 'failed' }>;
				assert.equal(failed.status, 'failed');
				assert.equal(failed.code, 'RECORD_REJECTED');
				assert.equal(failed.httpStatus, 400);
				assert.equal(
					failed.message,
					'The fake answered HTTP 400 (REQUIRED_FIELD_MISSING) in a bulk call: Required fields are missing: [LastName]',
				);
				const status = await store.status(synchronizationId);
				assert.equal(status.contracts, 9);
				assert.equal(status.deadLetters, 1);
				assert.equal(status.pendingIntents, 0);
				assert.equal((await store.get(synchronizationId, 'b0'))?.targetId, 'bulk-b0');
			});

			it('keeps the intents when a bulk call fails as a whole, and a rerun sends the same objects again', async () => {
				const failing = recordingBulk(() => 'throw');
				const items = keys(6, 'w').map((key) => newItem(body(key)));
				const outcomes = await writeChunk(context({ target: withBulk(failing.bulk) }), items, { concurrency: 2 });
				assert.ok(outcomes.every((outcome) => outcome.status === 'failed' && outcome.code === 'UNEXPECTED'));
				assert.equal((await store.status(synchronizationId)).pendingIntents, 6);

				const working = recordingBulk((write) => ({ ok: true, id: `id-${String(write.body.key)}`, reconciled: true }));
				const rerun = await writeChunk(context({ target: withBulk(working.bulk) }), items, { concurrency: 2 });
				assert.ok(rerun.every((outcome) => outcome.status === 'created' && outcome.reconciled));
				assert.deepEqual(
					working.calls[0].map((write) => write.objectKey),
					failing.calls[0].map((write) => write.objectKey),
				);
				assert.equal((await store.status(synchronizationId)).pendingIntents, 0);
			});

			it('sends fewer writes than the bulk minimum one request each', async () => {
				const { bulk, calls } = recordingBulk(() => 'throw');
				const outcomes = await writeChunk(
					context({ target: withBulk(bulk) }),
					keys(3, 's').map((key) => newItem(body(key))),
					{ concurrency: 2 },
				);
				assert.equal(calls.length, 0);
				assert.ok(outcomes.every((outcome) => outcome.status === 'created'));
				assert.equal(target.stats.creates, 3);
			});
		});
	});
}
