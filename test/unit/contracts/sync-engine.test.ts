import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { canonicalHash } from '../../../runtime/contracts/canonical-hash';
import { checkBatch, type CheckOptions } from '../../../runtime/contracts/contract-check';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import type { WriteContext, WriteItem } from '../../../runtime/contracts/contract-writer';
import { endpointRequests, type TargetEndpoint } from '../../../runtime/contracts/target-endpoint';

import { replayDeadLetters } from '../../../runtime/contracts/dead-letter-replay';
import { writeBatch } from '../../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { FakeTarget } from '../../fakes/target/fake-target';
import { withStoreAndTarget, type StoreFixture, type StoreKind } from './store-fixtures';

/** One run of a one-way flow: check, then write every non-unchanged object and every approved orphan. */
async function syncOnce(
	store: ContractStore,
	ctx: WriteContext,
	records: Record<string, unknown>[],
	check: Partial<CheckOptions> = {},
	runId = 'run',
) {
	const result = await checkBatch(
		store,
		{
			synchronizationId: ctx.synchronizationId,
			configVersion: ctx.configVersion,
			mappingVersion: ctx.mappingVersion,
			runId,
			...check,
		},
		records.map((record) => ({ inboundId: String(record.key), record })),
	);
	const items: WriteItem[] = result.objects
		.filter((object) => object.classification.route !== 'unchanged')
		.map((object) => ({
			inboundId: object.inboundId,
			hash: object.hash,
			body: records[object.index],
			route: object.classification.route,
			forced: object.classification.reason === 'forced',
		}));
	for (const orphan of result.orphans)
		items.push({ inboundId: orphan.originId, hash: orphan.originHash ?? '', body: {}, route: 'orphaned' });
	const outcomes = await writeBatch(ctx, items, { concurrency: 4, runId });
	return { result, outcomes };
}

const people = (n: number, suffix = '') =>
	Array.from({ length: n }, (_, i) => ({ key: `p${i}`, name: `Person ${i}${suffix}` }));

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
	describe(`sync engine against the fake target (${kind})`, () => {
		let fixture: StoreFixture;
		let store: ContractStore;
		let target: FakeTarget;
		let ctx: WriteContext;
		let endpoint: TargetEndpoint;
		let sync = 0;

		withStoreAndTarget(kind, 'engine', (handles) => {
			({ store, target, fixture } = handles);
		});
		beforeEach(() => {
			target.records.clear();
			target.resetStats();
			endpoint = target.endpoint({ getPath: '/records/{id}' });
			ctx = {
				store,
				client: createResilientClient({
					transport: createFetchTransport(),
					retry: { baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 },
				}),
				target: endpointRequests(endpoint),
				synchronizationId: `engine-${++sync}`,
				configVersion: 'c1',
				mappingVersion: 'm1',
			};
		});

		it('creates on first sync, makes no call when nothing changed, updates what changed', async () => {
			const first = await syncOnce(store, ctx, people(5));
			assert.deepEqual(
				first.outcomes.map((o) => o.status),
				Array(5).fill('created'),
			);
			assert.equal(target.records.size, 5);
			const contract = await store.get(ctx.synchronizationId, 'p0');
			assert.ok(contract?.targetId?.startsWith('t-'));
			assert.equal(contract?.lastAction, 'create');

			target.resetStats();
			const again = await syncOnce(store, ctx, people(5), {}, 'run2');
			assert.equal(again.outcomes.length, 0);
			assert.equal(target.stats.requests, 0, 'an unchanged re-sync makes no target call');
			const run2 = await store.getRun(ctx.synchronizationId, 'run2');
			assert.equal(run2?.found, 5);
			assert.equal(run2?.unchanged, 5);

			const edited = people(5);
			edited[2].name = 'Renamed';
			const third = await syncOnce(store, ctx, edited, {}, 'run3');
			assert.deepEqual(
				third.outcomes.map((o) => o.status),
				['updated'],
			);
			assert.equal(target.records.get(contract?.targetId ?? '')?.name, 'Person 0');
			assert.equal([...target.records.values()].find((r) => r.key === 'p2')?.name, 'Renamed');
			assert.equal(target.stats.creates, 0);

			// A new mapping version routes everything changed once, but bodies that map the same are not re-sent.
			target.resetStats();
			const remapped = await syncOnce(
				store,
				{ ...ctx, mappingVersion: 'm2' },
				edited,
				{ mappingVersion: 'm2' },
				'run4',
			);
			assert.deepEqual(
				remapped.outcomes.map((o) => o.status),
				Array(5).fill('skipped'),
			);
			assert.equal(target.stats.requests, 0);
			// A new config version re-sends everything.
			const reconfigured = await syncOnce(
				store,
				{ ...ctx, configVersion: 'c2', mappingVersion: 'm2' },
				edited,
				{ configVersion: 'c2', mappingVersion: 'm2' },
				'run5',
			);
			assert.equal(reconfigured.outcomes.filter((o) => o.status === 'updated').length, 5);
		});

		it('deletes orphans only after a complete fetch and below the threshold', async () => {
			await syncOnce(store, ctx, people(20));
			const complete = { fetchComplete: true, fetchErrors: 0, testRun: false };
			// 19 of 20 present: 5% orphaned, allowed.
			const run = await syncOnce(store, ctx, people(20).slice(1), { completeSet: complete }, 'del');
			assert.deepEqual(
				run.outcomes.map((o) => o.status),
				['deleted'],
			);
			assert.equal(target.records.size, 19);
			assert.equal(await store.get(ctx.synchronizationId, 'p0'), undefined);
			// 10 of 19 missing: refused, reported in the run log, nothing deleted.
			const refused = await syncOnce(store, ctx, people(20).slice(10), { completeSet: complete }, 'refused');
			assert.equal(refused.result.deletePass?.refusal?.code, 'THRESHOLD_EXCEEDED');
			assert.equal(refused.outcomes.length, 0);
			assert.equal(target.records.size, 19);
			assert.match((await store.getRun(ctx.synchronizationId, 'refused'))?.deleteRefusal ?? '', /THRESHOLD_EXCEEDED/);
			// Incomplete fetch: nothing.
			const partial = await syncOnce(store, ctx, people(20).slice(2), {
				completeSet: { ...complete, fetchComplete: false },
			});
			assert.equal(partial.result.deletePass?.refusal?.code, 'FETCH_INCOMPLETE');
			assert.equal(target.records.size, 19);
		});

		it('two workers updating the same contract at once both commit; neither update is lost', async () => {
			await syncOnce(store, ctx, people(1));
			const before = await store.get(ctx.synchronizationId, 'p0');
			const other = await fixture.reopen();
			try {
				const second: WriteContext = { ...ctx, store: other };
				const bodyA = { key: 'p0', name: 'From worker A' };
				const bodyB = { key: 'p0', name: 'From worker B' };
				const [a, b] = await Promise.all([
					writeBatch(ctx, [{ inboundId: 'p0', hash: canonicalHash(bodyA), body: bodyA, route: 'changed' }]),
					writeBatch(second, [{ inboundId: 'p0', hash: canonicalHash(bodyB), body: bodyB, route: 'changed' }]),
				]);
				assert.deepEqual([a[0].status, b[0].status], ['updated', 'updated']);
				const after = await store.get(ctx.synchronizationId, 'p0');
				assert.equal(after?.revision, (before?.revision ?? 0) + 2, 'both commits applied, in some order');
				assert.ok([canonicalHash(bodyA), canonicalHash(bodyB)].includes(after?.originHash ?? ''));
				assert.equal(target.stats.creates, 1, 'no duplicate create');
			} finally {
				await other.close();
			}
		});

		it('force writes again even where the target remembers the key of the identical last write', async () => {
			await syncOnce(store, ctx, people(1));
			const targetId = (await store.get(ctx.synchronizationId, 'p0'))?.targetId ?? '';
			for (const run of ['forced-1', 'forced-2']) {
				target.records.set(targetId, { ...target.records.get(targetId), name: 'Edited in the target' });
				const forced = await syncOnce(store, ctx, people(1), { force: true }, run);
				assert.deepEqual(
					forced.outcomes.map((o) => o.status),
					['updated'],
				);
				assert.equal(
					target.records.get(targetId)?.name,
					'Person 0',
					`${run}: the target holds the origin's value again`,
				);
			}
			assert.equal(target.stats.idempotentReplays, 0);
		});

		it('an origin that returns to an earlier content (A, B, A, B) reaches the target every time, though the target remembers keys', async () => {
			for (const name of ['A', 'B', 'A', 'B']) {
				const run = await syncOnce(store, ctx, [{ key: 'p0', name }]);
				assert.equal(run.outcomes.length, 1);
				assert.equal([...target.records.values()][0].name, name);
			}
			assert.equal(target.stats.idempotentReplays, 0, 'each write is a new one to the target');
			assert.deepEqual(target.stats.byMethod, { POST: 1, PUT: 3 });
		});

		it('writes nothing in a test run', async () => {
			const run = await syncOnce(store, { ...ctx, testRun: true }, people(3));
			assert.deepEqual(
				run.outcomes.map((o) => o.status === 'skipped' && o.reason),
				['test-run', 'test-run', 'test-run'],
			);
			assert.equal(target.stats.requests, 0);
			assert.equal(await store.count(ctx.synchronizationId), 0);
		});

		it('uses the id from the request body with idInRequestBody', async () => {
			ctx.target = endpointRequests({ ...endpoint, idInRequestBody: 'id' });
			const records = [{ key: 'a', id: 'chosen-a', name: 'A' }];
			const run = await syncOnce(store, ctx, records);
			assert.equal(run.outcomes[0].status, 'created');
			assert.equal((await store.get(ctx.synchronizationId, 'a'))?.targetId, 'chosen-a');
			assert.ok(target.records.has('chosen-a'));
		});

		it('with idInRequestBody a body without the id is refused before any request: a dead letter, no intent, nothing to duplicate', async () => {
			ctx.target = endpointRequests({ ...endpoint, idInRequestBody: 'id' });
			target.resetStats();
			const run = await syncOnce(store, ctx, [{ key: 'no-id', name: 'Nameless' }]);
			const [outcome] = run.outcomes;
			assert.deepEqual(outcome.status === 'failed' && [outcome.code, outcome.message], [
				'MISSING_TARGET_ID',
				'The request body has no id at "id" (idInRequestBody); nothing was sent',
			]);
			assert.equal(target.stats.requests, 0, 'no POST went out');
			assert.equal(await store.getIntent(ctx.synchronizationId, 'target', 'no-id'), undefined);
			assert.equal(await store.get(ctx.synchronizationId, 'no-id'), undefined);
		});

		it('a raised mapping version re-sends only the objects whose mapped body changed; a raised config version re-sends all', async () => {
			const sync = { ...ctx, synchronizationId: 'version-raise' };
			const records = [
				{ key: 'v1', name: 'Same' },
				{ key: 'v2', name: 'Renamed' },
			];
			const write = (context: WriteContext, bodies: Record<string, unknown>[]) =>
				writeBatch(
					context,
					records.map((record, index) => ({
						inboundId: record.key,
						hash: canonicalHash(record),
						body: bodies[index],
						route: 'changed' as const,
					})),
				);
			await write(sync, [{ name: 'Same' }, { name: 'Renamed' }]);
			target.resetStats();
			// Mapping 2 maps the second object differently, the first one as before.
			const raised = { ...sync, mappingVersion: 'm2' };
			const outcomes = await write(raised, [{ name: 'Same' }, { name: 'RENAMED' }]);
			assert.deepEqual(
				outcomes.map((outcome) => outcome.status),
				['skipped', 'updated'],
			);
			assert.equal(target.stats.updates, 1);
			assert.deepEqual(
				(await Promise.all(records.map((record) => store.get(sync.synchronizationId, record.key)))).map(
					(contract) => contract?.mappingVersion,
				),
				['m2', 'm2'],
			);
			const check = await checkBatch(
				store,
				{ synchronizationId: sync.synchronizationId, configVersion: 'c1', mappingVersion: 'm2', runId: 'after-raise' },
				records.map((record) => ({ inboundId: record.key, record })),
			);
			assert.deepEqual(
				check.objects.map((object) => object.classification.route),
				['unchanged', 'unchanged'],
				'the next run has nothing to send',
			);

			target.resetStats();
			const reconfigured = await write({ ...raised, configVersion: 'c2' }, [{ name: 'Same' }, { name: 'RENAMED' }]);
			assert.deepEqual(
				reconfigured.map((outcome) => outcome.status),
				['updated', 'updated'],
			);
		});

		it('an inbound change only in fields the mapping leaves out writes nothing; a mapped change does', async () => {
			const raw = (note: string, name = 'A') => ({ key: 'a', name, note });
			const mapped = (name = 'A') => ({ key: 'a', name });
			const write = (record: Record<string, unknown>, body: Record<string, unknown>, route: WriteItem['route']) =>
				writeBatch(ctx, [{ inboundId: 'a', hash: canonicalHash(record), body, route }]);
			assert.equal((await write(raw('first'), mapped(), 'new'))[0].status, 'created');
			target.resetStats();
			assert.deepEqual(await write(raw('second'), mapped(), 'changed'), [{ status: 'skipped', reason: 'unchanged' }]);
			assert.equal(target.stats.requests, 0);
			assert.equal((await write(raw('third'), mapped('B'), 'changed'))[0].status, 'updated');
			assert.equal([...target.records.values()][0].name, 'B');
		});

		it('drops the echo of our own write in the return flow of a two-way sync', async () => {
			await syncOnce(store, ctx, people(1));
			const contract = await store.get(ctx.synchronizationId, 'p0');
			assert.ok(contract?.targetId);
			// The target's webhook sends the object as the target holds it after our write (with the id it
			// assigned): the same hash as lastWrittenTargetHash, taken from the target's answer.
			const stored = target.records.get(contract.targetId ?? '') as Record<string, unknown>;
			assert.notDeepEqual(stored, people(1)[0], 'the target adds its own fields to what we wrote');
			const back = await checkBatch(
				store,
				{ synchronizationId: ctx.synchronizationId, configVersion: 'c1', mappingVersion: 'm1', inboundSide: 'target' },
				[{ inboundId: contract.targetId ?? '', record: stored }],
			);
			assert.deepEqual(back.objects[0].classification, { route: 'unchanged', reason: 'echo' });
			const reverse: WriteContext = { ...ctx, writeSide: 'origin' };
			const outcome = await writeBatch(reverse, [
				{ inboundId: contract.targetId ?? '', hash: back.objects[0].hash, body: stored, route: 'changed' },
			]);
			assert.deepEqual(outcome, [{ status: 'skipped', reason: 'echo' }]);
		});

		it('in two-way sync, a return write is echo-suppressed and a later revert on the origin still propagates', async () => {
			await syncOnce(store, ctx, [{ key: 'p0', name: 'X' }]);
			const forward = await store.get(ctx.synchronizationId, 'p0');
			const targetId = forward?.targetId ?? '';
			// The target edits the object; the return flow writes it to the origin (here: the same fake, at /records/p0).
			target.records.set('p0', { id: 'p0', key: 'p0', name: 'X' });
			const edited = { key: 'p0', name: 'Y' };
			const reverse: WriteContext = { ...ctx, writeSide: 'origin' };
			const back = await checkBatch(
				store,
				{ synchronizationId: ctx.synchronizationId, configVersion: 'c1', mappingVersion: 'm1', inboundSide: 'target' },
				[{ inboundId: targetId, record: edited }],
			);
			assert.equal(back.objects[0].classification.route, 'changed');
			const [returned] = await writeBatch(reverse, [
				{ inboundId: targetId, hash: back.objects[0].hash, body: edited, route: 'changed' },
			]);
			assert.equal(returned.status, 'updated');
			assert.equal(target.records.get('p0')?.name, 'Y');
			// The origin's webhook echoes Y as the origin holds it: dropped.
			const echo = await syncOnce(store, ctx, [target.records.get('p0') as { key: string; name: string }]);
			assert.deepEqual(echo.result.objects[0].classification, { route: 'unchanged', reason: 'echo' });
			assert.equal(echo.outcomes.length, 0);
			// Someone sets the origin back to X: that is a real change and must reach the target.
			const revert = await syncOnce(store, ctx, [{ key: 'p0', name: 'X' }]);
			assert.deepEqual(
				revert.outcomes.map((o) => o.status),
				['updated'],
			);
			assert.equal(target.records.get(targetId)?.name, 'X');
		});

		it('a deletion reported by either side deletes the counterpart once; its echo finds nothing to delete', async () => {
			await syncOnce(store, ctx, [
				{ key: 'p0', name: 'X', version: 1 },
				{ key: 'p1', name: 'Y', version: 1 },
			]);
			const first = await store.get(ctx.synchronizationId, 'p0');
			const second = await store.get(ctx.synchronizationId, 'p1');
			const reported = { deletedFlagField: 'deleted', originVersionField: 'version' };

			// The origin reports p0 deleted (an event without a version): its target object is deleted.
			const forward = await syncOnce(store, ctx, [{ key: 'p0', deleted: true }], reported);
			assert.deepEqual(forward.result.objects[0].classification, { route: 'orphaned', reason: 'deleted-at-source' });
			assert.deepEqual(
				forward.outcomes.map((o) => o.status),
				['deleted'],
			);
			assert.equal(target.records.has(first?.targetId ?? ''), false);
			assert.equal(await store.get(ctx.synchronizationId, 'p0'), undefined);
			// The target then reports that deletion: no contract, nothing to delete.
			const echo = await checkBatch(
				store,
				{
					synchronizationId: ctx.synchronizationId,
					configVersion: 'c1',
					mappingVersion: 'm1',
					inboundSide: 'target',
					deletedFlagField: 'deleted',
				},
				[{ inboundId: first?.targetId ?? '', record: { id: first?.targetId, deleted: true } }],
			);
			assert.deepEqual(echo.objects[0].classification, { route: 'unchanged', reason: 'nothing-to-delete' });

			// The target reports p1's object deleted: the return flow deletes the origin's (here at /records/p1).
			target.records.set('p1', { id: 'p1', key: 'p1', name: 'Y' });
			const requests = target.stats.requests;
			const back = await checkBatch(
				store,
				{
					synchronizationId: ctx.synchronizationId,
					configVersion: 'c1',
					mappingVersion: 'm1',
					inboundSide: 'target',
					deletedFlagField: 'deleted',
				},
				[
					{
						inboundId: second?.targetId ?? '',
						record: { ...target.records.get(second?.targetId ?? ''), deleted: true },
					},
				],
			);
			assert.deepEqual(back.objects[0].classification, { route: 'orphaned', reason: 'deleted-at-source' });
			const [returned] = await writeBatch({ ...ctx, writeSide: 'origin' }, [
				{ inboundId: second?.targetId ?? '', hash: back.objects[0].hash, body: {}, route: 'orphaned' },
			]);
			assert.deepEqual(returned, { status: 'deleted', targetId: 'p1', attempts: 1, reconciled: false });
			assert.equal(target.records.has('p1'), false);
			assert.equal(target.stats.requests, requests + 1, 'one DELETE');
			assert.equal(await store.get(ctx.synchronizationId, 'p1'), undefined);
			// The origin's deletion event arriving late, after the contract is gone: nothing to delete.
			const late = await syncOnce(store, ctx, [{ key: 'p1', deleted: true }], reported);
			assert.deepEqual(late.result.objects[0].classification, { route: 'unchanged', reason: 'nothing-to-delete' });
			assert.equal(late.outcomes.length, 0);
			assert.equal(target.stats.requests, requests + 1);
		});

		it('parks a conflicting field for review instead of overwriting the target', async () => {
			await syncOnce(store, ctx, people(1));
			const contract = await store.get(ctx.synchronizationId, 'p0');
			const targetRecord = target.records.get(contract?.targetId ?? '');
			assert.ok(targetRecord);
			targetRecord.name = 'Edited in target';
			const edited = [{ key: 'p0', name: 'Edited in origin' }];
			const parked = await syncOnce(
				store,
				{ ...ctx, conflictPolicy: { default: 'origin', fields: { name: 'park' } } },
				edited,
			);
			assert.equal(parked.outcomes[0].status, 'parked');
			assert.equal(targetRecord.name, 'Edited in target');
			assert.equal((await store.listParkedConflicts(ctx.synchronizationId))[0].fields[0], 'name');
			const targetWins = await syncOnce(store, { ...ctx, conflictPolicy: { default: 'target' } }, edited);
			assert.equal(targetWins.outcomes[0].status, 'updated');
			assert.equal(target.records.get(contract?.targetId ?? '')?.name, 'Edited in target');
		});

		it('an outage leaves no contract and says which status outlasted the retries; the next run writes once', async () => {
			const client = createResilientClient({
				transport: createFetchTransport(),
				retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000 },
			});
			target.inject({ kind: 'status', status: 503, times: 4 });
			const down = await syncOnce(store, { ...ctx, client }, people(2));
			assert.deepEqual(
				down.outcomes.map((o) => (o.status === 'failed' ? [o.code, o.httpStatus] : o.status)),
				[
					['RETRY_EXHAUSTED', 503],
					['RETRY_EXHAUSTED', 503],
				],
			);
			assert.equal(await store.get(ctx.synchronizationId, 'p0'), undefined, 'nothing is marked written');
			const back = await syncOnce(store, { ...ctx, client }, people(2));
			assert.deepEqual(
				back.result.objects.map((o) => o.classification.route),
				['new', 'new'],
			);
			assert.deepEqual(
				back.outcomes.map((o) => o.status),
				['created', 'created'],
			);
			assert.equal(target.stats.creates, 2);
			assert.equal((await syncOnce(store, { ...ctx, client }, people(2))).outcomes.length, 0);
		});

		it('sends 4xx rejections to the dead-letter table and replays them', async () => {
			const run = await syncOnce(store, ctx, [{ key: 'bad', invalid: true }]);
			const failed = run.outcomes[0];
			assert.equal(failed.status, 'failed');
			assert.equal(failed.status === 'failed' && failed.httpStatus, 422);
			assert.equal((await store.getRun(ctx.synchronizationId, 'run'))?.failed, 1);
			const letters = await store.listDeadLetters(ctx.synchronizationId);
			assert.equal(letters.length, 1);
			assert.equal(letters[0].errorCode, 'PERMANENT_HTTP_ERROR');
			// A test run changes nothing, not even the letter.
			const [dry] = await replayDeadLetters({ ...ctx, testRun: true });
			assert.equal(dry.outcome.status, 'skipped');
			assert.deepEqual(
				(await store.listDeadLetters(ctx.synchronizationId)).map((l) => l.id),
				[letters[0].id],
			);
			// Still bad: replay keeps exactly one letter, the fresh one the failed replay wrote.
			const [again] = await replayDeadLetters(ctx);
			const kept = await store.listDeadLetters(ctx.synchronizationId);
			assert.equal(kept.length, 1);
			assert.equal(again.outcome.status, 'failed');
			assert.equal(again.outcome.status === 'failed' && again.outcome.deadLetterId, kept[0].id);
			assert.notEqual(kept[0].id, letters[0].id);
			// The target now accepts it.
			const letter = (await store.listDeadLetters(ctx.synchronizationId))[0];
			const fixed = letter.payload as WriteItem;
			fixed.body.invalid = false;
			fixed.hash = canonicalHash(fixed.body);
			await store.deleteDeadLetter(letter.id);
			await store.addDeadLetter({ ...letter });
			const replayed = await replayDeadLetters(ctx);
			assert.equal(replayed[0].outcome.status, 'created');
			assert.equal((await store.listDeadLetters(ctx.synchronizationId)).length, 0);
			assert.ok((await store.get(ctx.synchronizationId, 'bad'))?.targetId);
		});
	});
}
