import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { emptyContract, type Contract } from '../../../runtime/contracts/contract';
import { StaleContractError, type ContractStore } from '../../../runtime/contracts/contract-store';

export interface StoreFactory {
	/** Opens (and initialises) another handle on the same underlying database. */
	open(): Promise<ContractStore>;
	/** Drops everything the suite created. */
	cleanup(): Promise<void>;
}

function contract(sync: string, originId: string, patch: Partial<Contract> = {}): Contract {
	return { ...emptyContract(sync, originId, '2026-01-01T00:00:00.000Z'), ...patch };
}

/** The behaviour every ContractStore must have; run against SQLite and Postgres alike. */
export function defineStoreSuite(name: string, setup: () => Promise<StoreFactory>): void {
	describe(`ContractStore contract: ${name}`, () => {
		let factory: StoreFactory;
		let store: ContractStore;
		const sync = 'sync-a';

		before(async () => {
			factory = await setup();
			store = await factory.open();
			await store.init(); // idempotent
		});
		after(async () => {
			await store.close();
			await factory.cleanup();
		});

		it('returns undefined for unknown contracts and round-trips every field', async () => {
			assert.equal(await store.get(sync, 'missing'), undefined);
			const written = await store.put(
				contract(sync, 'o1', {
					targetId: 't1',
					originHash: 'h-origin',
					targetHash: 'h-target',
					lastWrittenOriginHash: 'w-origin',
					lastWrittenTargetHash: 'w-target',
					configVersion: 'c1',
					mappingVersion: 'm1',
					lastAction: 'create',
					sourceLastChecked: '2026-01-01T00:00:01.000Z',
					targetLastSynced: '2026-01-01T00:00:02.000Z',
				}),
			);
			assert.equal(written.revision, 1);
			const read = await store.get(sync, 'o1');
			assert.deepEqual(read, written);
			assert.deepEqual(await store.getByTargetId(sync, 't1'), written);
			assert.equal(await store.get('other-sync', 'o1'), undefined, 'synchronizations are isolated');
		});

		it('increments the revision on unconditional writes and keeps createdAt', async () => {
			const first = await store.put(contract(sync, 'rev', { createdAt: '2026-01-01T00:00:00.000Z' }));
			const second = await store.put({ ...first, targetId: 'x', createdAt: '2030-01-01T00:00:00.000Z' });
			assert.equal(second.revision, first.revision + 1);
			const read = await store.get(sync, 'rev');
			assert.equal(read?.createdAt, '2026-01-01T00:00:00.000Z');
			assert.equal(read?.targetId, 'x');
		});

		it('rejects stale conditional writes', async () => {
			const created = await store.put(contract(sync, 'cond'), 0);
			assert.equal(created.revision, 1);
			await assert.rejects(store.put(contract(sync, 'cond'), 0), StaleContractError);
			await assert.rejects(store.put({ ...created, targetId: 'late' }, 7), (error: unknown) => {
				assert.ok(error instanceof StaleContractError);
				assert.equal(error.code, 'STALE_CONTRACT');
				return true;
			});
			const updated = await store.put({ ...created, targetId: 'ok' }, 1);
			assert.equal(updated.revision, 2);
			assert.equal((await store.get(sync, 'cond'))?.targetId, 'ok');
		});

		it('bulk-writes in one batch and bulk-reads by origin and by target id', async () => {
			const batch = Array.from({ length: 2500 }, (_, i) =>
				contract('bulk', `o${i}`, { targetId: `t${i}`, originHash: `h${i}` }),
			);
			await store.putMany(batch);
			await store.putMany(batch.slice(0, 10)); // rewriting is fine
			assert.equal(await store.count('bulk'), 2500);
			const wanted = ['o0', 'o1234', 'o2499', 'nope'];
			const found = await store.getMany('bulk', wanted);
			assert.deepEqual([...found.keys()].sort(), ['o0', 'o1234', 'o2499']);
			assert.equal(found.get('o1234')?.originHash, 'h1234');
			const byTarget = await store.getManyByTargetId('bulk', ['t7', 't8', 'zz']);
			assert.deepEqual([...byTarget.keys()].sort(), ['t7', 't8']);
			assert.equal((await store.listOriginIds('bulk')).length, 2500);
			const page1 = await store.list('bulk', { limit: 3 });
			const page2 = await store.list('bulk', { limit: 3, afterOriginId: page1[2].originId });
			assert.deepEqual(
				[...page1, ...page2].map((c) => c.originId),
				['o0', 'o1', 'o10', 'o100', 'o1000', 'o1001'],
			);
			assert.deepEqual(await store.getMany('bulk', []), new Map());
		});

		it('reads the state a check classifies by, by origin and by target id, without the rest of the contract', async () => {
			const states = Array.from({ length: 6000 }, (_, i) =>
				contract('states', `o${i}`, {
					targetId: `t${i}`,
					originHash: `h${i}`,
					targetHash: `th${i}`,
					lastWrittenOriginHash: i === 5 ? 'wo5' : null,
					lastWrittenTargetHash: `wt${i}`,
					configVersion: 'c1',
					mappingVersion: 'm1',
					originVersion: i === 5 ? 1767225600000 : null,
					lastAction: 'create',
				}),
			);
			await store.putMany(states);
			// More ids than one lookup statement takes (5,000).
			const wanted = [...states.map((state) => state.originId), 'nope'];
			const byOrigin = await store.getStates('states', 'origin', wanted);
			assert.equal(byOrigin.size, 6000);
			const expected = {
				originId: 'o5',
				targetId: 't5',
				originHash: 'h5',
				targetHash: 'th5',
				lastWrittenOriginHash: 'wo5',
				lastWrittenTargetHash: 'wt5',
				configVersion: 'c1',
				mappingVersion: 'm1',
				originVersion: 1767225600000,
			};
			assert.deepEqual(byOrigin.get('o5'), expected);
			assert.deepEqual(byOrigin.get('o5999')?.originVersion, null);
			const byTarget = await store.getStates('states', 'target', ['t5', 't9', 'zz']);
			assert.deepEqual([...byTarget.keys()].sort(), ['t5', 't9']);
			assert.deepEqual(byTarget.get('t5'), expected);
			assert.deepEqual(await store.getStates('other-sync', 'origin', ['o5']), new Map());
			assert.deepEqual(await store.getStates('states', 'origin', []), new Map());
		});

		it('deletes contracts', async () => {
			await store.put(contract(sync, 'gone'));
			assert.equal(await store.delete(sync, 'gone'), true);
			assert.equal(await store.delete(sync, 'gone'), false);
			assert.equal(await store.get(sync, 'gone'), undefined);
		});

		it('keeps write intents until the write is committed', async () => {
			const intent = {
				synchronizationId: sync,
				side: 'target' as const,
				inboundId: 'i1',
				action: 'create' as const,
				idempotencyKey: 'k1',
				hash: 'h',
				createdAt: '2026-01-01T00:00:00.000Z',
			};
			await store.putIntent(intent);
			assert.deepEqual(await store.getIntent(sync, 'target', 'i1'), intent);
			assert.equal(await store.getIntent(sync, 'origin', 'i1'), undefined);
			await store.commitWrite(intent, { put: contract(sync, 'i1', { targetId: 'T' }) });
			assert.equal(await store.getIntent(sync, 'target', 'i1'), undefined);
			assert.equal((await store.get(sync, 'i1'))?.targetId, 'T');
			await store.putIntent({ ...intent, action: 'delete' });
			await store.commitWrite(intent, { delete: { synchronizationId: sync, originId: 'i1' } });
			assert.equal(await store.get(sync, 'i1'), undefined);
			assert.equal(await store.getIntent(sync, 'target', 'i1'), undefined);
			await store.putIntent(intent);
			await store.clearIntent(sync, 'target', 'i1');
			assert.equal(await store.getIntent(sync, 'target', 'i1'), undefined);
		});

		it('commits neither the contract nor the cleared intent when the conditional write is stale', async () => {
			const intent = {
				synchronizationId: sync,
				side: 'target' as const,
				inboundId: 'i2',
				action: 'update' as const,
				idempotencyKey: 'k2',
				hash: 'h',
				createdAt: '2026-01-01T00:00:00.000Z',
			};
			const stored = await store.put(contract(sync, 'i2', { targetId: 'before' }), 0);
			await store.putIntent(intent);
			await assert.rejects(
				store.commitWrite(intent, { put: { ...stored, targetId: 'after' }, expectedRevision: stored.revision + 1 }),
				StaleContractError,
			);
			assert.deepEqual(await store.getIntent(sync, 'target', 'i2'), intent);
			assert.equal((await store.get(sync, 'i2'))?.targetId, 'before');
			await store.commitWrite(intent, { put: { ...stored, targetId: 'after' }, expectedRevision: stored.revision });
			assert.equal(await store.getIntent(sync, 'target', 'i2'), undefined);
			assert.equal((await store.get(sync, 'i2'))?.revision, stored.revision + 1);
			// Deleting a contract that is already gone still clears the intent.
			await store.delete(sync, 'i2');
			await store.putIntent(intent);
			await store.commitWrite(intent, { delete: { synchronizationId: sync, originId: 'i2' } });
			assert.equal(await store.getIntent(sync, 'target', 'i2'), undefined);
		});

		it("stores a chunk's intents and commits its writes in one transaction, or none of them when one is stale", async () => {
			const intent = (inboundId: string) => ({
				synchronizationId: 'chunk',
				side: 'target' as const,
				inboundId,
				action: 'create' as const,
				idempotencyKey: `key-${inboundId}`,
				hash: 'h',
				createdAt: '2026-01-01T00:00:00.000Z',
			});
			const ids = ['c1', 'c2', 'c3'];
			await store.putIntents(ids.map(intent));
			await store.putIntents([{ ...intent('c3'), idempotencyKey: 'replaced' }]);
			const found = await store.getIntents('chunk', 'target', [...ids, 'absent']);
			assert.deepEqual([...found.keys()].sort(), ids);
			assert.equal(found.get('c3')?.idempotencyKey, 'replaced');
			assert.equal((await store.getIntents('chunk', 'origin', ids)).size, 0);

			const existing = await store.put(contract('chunk', 'c3', { targetId: 'old' }), 0);
			const writes = [
				{ intent: intent('c1'), change: { put: contract('chunk', 'c1', { targetId: 'T1' }), expectedRevision: 0 } },
				{ intent: intent('c2'), change: { put: contract('chunk', 'c2', { targetId: 'T2' }), expectedRevision: 0 } },
				// Stale: c3 exists, so a write expecting no contract must not overwrite it.
				{ intent: intent('c3'), change: { put: contract('chunk', 'c3', { targetId: 'T3' }), expectedRevision: 0 } },
			];
			await assert.rejects(store.commitWrites(writes), StaleContractError);
			assert.equal(await store.get('chunk', 'c1'), undefined, 'nothing of the chunk was committed');
			assert.equal((await store.getIntents('chunk', 'target', ids)).size, 3);

			writes[2].change.expectedRevision = existing.revision;
			await store.commitWrites([
				...writes,
				{ intent: intent('gone'), change: { delete: { synchronizationId: 'chunk', originId: 'never-there' } } },
			]);
			assert.deepEqual(
				(await Promise.all(ids.map((id) => store.get('chunk', id)))).map((c) => [c?.targetId, c?.revision]),
				[
					['T1', 1],
					['T2', 1],
					['T3', existing.revision + 1],
				],
			);
			assert.equal((await store.getIntents('chunk', 'target', ids)).size, 0);
		});

		it('holds the locks of a chunk against single writers and overlapping chunks, without deadlock', async () => {
			const other = await factory.open();
			try {
				const events: string[] = [];
				const hold = (label: string) => async () => {
					events.push(`${label} in`);
					await new Promise((resolve) => setTimeout(resolve, 30));
					events.push(`${label} out`);
				};
				// Overlapping chunks locking in opposite orders, and a single writer of a shared object.
				await Promise.all([
					store.withObjectLocks('locks', ['a', 'b', 'c'], hold('chunk 1')),
					other.withObjectLocks('locks', ['c', 'b', 'd'], hold('chunk 2')),
					other.withObjectLock('locks', 'a', hold('single a')),
					store.withObjectLocks('locks', ['x', 'y'], hold('disjoint')),
				]);
				const [first, second] = ['chunk 1', 'chunk 2'].map((label) => events.indexOf(`${label} in`));
				const [earlier, later] = first < second ? ['chunk 1', 'chunk 2'] : ['chunk 2', 'chunk 1'];
				assert.ok(events.indexOf(`${earlier} out`) < events.indexOf(`${later} in`), events.join(', '));
				const chunk1 = [events.indexOf('chunk 1 in'), events.indexOf('chunk 1 out')];
				const single = events.indexOf('single a in');
				assert.ok(single < chunk1[0] || single > chunk1[1], events.join(', '));
				// Disjoint objects are not held up.
				assert.ok(events.indexOf('disjoint in') < Math.max(...chunk1), events.join(', '));
			} finally {
				await other.close();
			}
		});

		it('accumulates the sync log per run and finds the last run', async () => {
			await store.recordRun('runs', 'r1', { found: 10, unchanged: 4 }, { checkMs: 5 });
			await store.recordRun('runs', 'r1', { created: 5, failed: 1 }, { writeMs: 7.6 });
			await store.recordRun('runs', 'r2', { found: 1 });
			const r1 = await store.getRun('runs', 'r1');
			assert.ok(r1);
			assert.equal(r1.found, 10);
			assert.equal(r1.unchanged, 4);
			assert.equal(r1.created, 5);
			assert.equal(r1.failed, 1);
			assert.equal(r1.checkMs, 5);
			assert.equal(r1.writeMs, 8);
			assert.equal((await store.getLastRun('runs'))?.runId, 'r2');
			await store.recordDeleteRefusal('runs', 'r2', { refusal: { code: 'THRESHOLD_EXCEEDED' } });
			const r2 = await store.getRun('runs', 'r2');
			assert.deepEqual(JSON.parse(r2?.deleteRefusal ?? 'null'), { refusal: { code: 'THRESHOLD_EXCEEDED' } });
			assert.equal(await store.getLastRun('no-runs'), undefined);
		});

		it("never moves a run's finish back when a worker with a late clock adds to it", async () => {
			mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-03-01T10:00:00.000Z') });
			try {
				await store.recordRun('clock', 'r', { created: 1 });
				mock.timers.setTime(Date.parse('2026-03-01T09:59:00.000Z'));
				await store.recordRun('clock', 'r', { created: 1 });
			} finally {
				mock.timers.reset();
			}
			const run = await store.getRun('clock', 'r');
			assert.equal(run?.created, 2);
			assert.equal(run?.startedAt, '2026-03-01T10:00:00.000Z');
			assert.equal(run?.finishedAt, '2026-03-01T10:00:00.000Z');
		});

		it('orders runs by their first record: adding to an older run keeps the newer one last', async () => {
			await store.recordRun('order', 'first', { found: 1 });
			await store.recordRun('other-sync', 'x', { found: 1 });
			await store.recordRun('order', 'second', { found: 1 });
			await store.recordRun('order', 'first', { created: 1 });
			assert.equal((await store.getLastRun('order'))?.runId, 'second');
			assert.equal((await store.getLastRun('other-sync'))?.runId, 'x');
		});

		it('keeps dead letters and parked conflicts and reports integration status', async () => {
			const id = await store.addDeadLetter({
				synchronizationId: 'dl',
				inboundId: 'o1',
				action: 'create',
				payload: { inboundId: 'o1', body: { a: 1 } },
				errorCode: 'PERMANENT_HTTP_ERROR',
				errorMessage: 'rejected',
			});
			const letters = await store.listDeadLetters('dl');
			assert.equal(letters.length, 1);
			assert.equal(letters[0].id, id);
			assert.deepEqual(letters[0].payload, { inboundId: 'o1', body: { a: 1 } });
			const parkedId = await store.parkConflict({
				synchronizationId: 'dl',
				originId: 'o2',
				fields: ['name'],
				detail: { x: 1 },
			});
			const parked = await store.listParkedConflicts('dl');
			assert.deepEqual(
				parked.map((p) => [p.id, p.originId, p.fields, p.detail]),
				[[parkedId, 'o2', ['name'], { x: 1 }]],
			);
			await store.put(contract('dl', 'c1', { targetId: 't' }));
			await store.put(contract('dl', 'c2'));
			const status = await store.status('dl');
			assert.equal(status.contracts, 2);
			assert.equal(status.withTargetId, 1);
			assert.equal(status.deadLetters, 1);
			assert.equal(status.parkedConflicts, 1);
			assert.equal(status.pendingIntents, 0);
			await store.deleteDeadLetter(id);
			await store.deleteParkedConflict(parkedId);
			assert.equal((await store.status('dl')).deadLetters, 0);
			assert.equal((await store.status('dl')).parkedConflicts, 0);
		});

		it('loses no update when two workers write the same contract concurrently', async () => {
			const other = await factory.open();
			try {
				await store.put(contract('race', 'shared', { mappingVersion: '0' }), 0);
				const increment = async (worker: ContractStore, times: number) => {
					for (let i = 0; i < times; i++) {
						for (;;) {
							const current = await worker.get('race', 'shared');
							assert.ok(current);
							try {
								await worker.put(
									{ ...current, mappingVersion: String(Number(current.mappingVersion) + 1) },
									current.revision,
								);
								break;
							} catch (error) {
								if (!(error instanceof StaleContractError)) throw error;
							}
						}
					}
				};
				const counters = async (worker: ContractStore) => {
					for (let i = 0; i < 20; i++) await worker.recordRun('race', 'run', { created: 1 });
				};
				await Promise.all([increment(store, 20), increment(other, 20), counters(store), counters(other)]);
				const final = await store.get('race', 'shared');
				assert.equal(final?.mappingVersion, '40');
				assert.equal(final?.revision, 41);
				assert.equal((await store.getRun('race', 'run'))?.created, 40);
			} finally {
				await other.close();
			}
		});
	});
}
