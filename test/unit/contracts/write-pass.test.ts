import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inboundItems, runCheckPass } from '../../../runtime/contracts/check-pass';
import { replayItem } from '../../../runtime/contracts/dead-letter-replay';
import type { ContractStore } from '../../../runtime/contracts/contract-store';
import { metadataKey, type ItemMetadata } from '../../../runtime/contracts/item-metadata';
import { endpointRequests } from '../../../runtime/contracts/target-endpoint';
import { runWritePass, type WritePassOptions } from '../../../runtime/contracts/write-pass';
import { createFetchTransport } from '../../../runtime/http/fetch-transport';
import { createResilientClient } from '../../../runtime/http/resilient-client';
import { FakeTarget } from '../../fakes/target/fake-target';
import { withStoreAndTarget, type StoreKind } from './store-fixtures';

const meta = (json: Record<string, unknown>) => json[metadataKey] as ItemMetadata & Record<string, unknown>;

for (const kind of ['sqlite', 'postgres'] as StoreKind[]) {
	describe(`runWritePass (${kind})`, () => {
		let store: ContractStore;
		let target: FakeTarget;
		let options: WritePassOptions;
		let sync = 0;

		withStoreAndTarget(kind, 'pass', (handles) => {
			({ store, target } = handles);
			options = {
				store,
				client: createResilientClient({
					transport: createFetchTransport(),
					retry: { maxAttempts: 1, timeoutMs: 2000 },
				}),
				target: endpointRequests(target.endpoint()),
				concurrency: 3,
			};
		});

		const checked = async (synchronizationId: string, records: Record<string, unknown>[], runId = 'run-1') => {
			const { inbound } = inboundItems(records, 'key');
			const { routed } = await runCheckPass(store, inbound, {
				synchronizationId,
				configVersion: '1',
				mappingVersion: '1',
				runId,
			});
			return [...routed.new, ...routed.changed].sort((a, b) => a.index - b.index).map((item) => item.json);
		};

		it('writes checked items, refuses unchecked ones, keeps input order and counts the run', async () => {
			const synchronizationId = `pass-${++sync}`;
			const items = await checked(synchronizationId, [{ key: 'a' }, { key: 'b', invalid: true }, { key: 'c' }]);
			const result = await runWritePass([...items, { key: 'raw' }], options);
			assert.deepEqual(
				result.success.map((item) => [item.index, meta(item.json).action]),
				[
					[0, 'created'],
					[2, 'created'],
				],
			);
			assert.deepEqual(
				result.failed.map((item) => [item.index, (meta(item.json).error as { code: string }).code]),
				[
					[1, 'PERMANENT_HTTP_ERROR'],
					[3, 'NOT_CHECKED'],
				],
			);
			const run = await store.getRun(synchronizationId, 'run-1');
			assert.equal(run?.created, 2);
			assert.equal(run?.failed, 1);
		});

		it('settles a replayed dead letter: one letter per item, always with the latest error; a test run keeps it', async () => {
			const synchronizationId = `pass-${++sync}`;
			const [item] = await checked(synchronizationId, [{ key: 'x', invalid: true }]);
			const first = await runWritePass([item], options);
			const original = (meta(first.failed[0].json).error as { deadLetterId: number }).deadLetterId;
			const [letter] = await store.listDeadLetters(synchronizationId);
			assert.equal(letter.id, original);
			const replay = replayItem(letter);
			assert.equal(meta(replay).deadLetterId, original);

			const dry = await runWritePass([replay], { ...options, testRun: true });
			assert.equal(meta(dry.success[0].json).skipReason, 'test-run');
			assert.deepEqual(
				(await store.listDeadLetters(synchronizationId)).map((letter) => letter.id),
				[original],
			);

			const again = await runWritePass([replay], options);
			const fresh = (meta(again.failed[0].json).error as { deadLetterId: number }).deadLetterId;
			assert.notEqual(fresh, original);
			assert.deepEqual(
				(await store.listDeadLetters(synchronizationId)).map((letter) => letter.id),
				[fresh],
			);

			const fixed = { ...replay, invalid: false, [metadataKey]: { ...meta(replay), deadLetterId: fresh } };
			const written = await runWritePass([fixed], options);
			assert.equal(meta(written.success[0].json).action, 'created');
			assert.deepEqual(await store.listDeadLetters(synchronizationId), []);
		});

		it('completes a webhook delivery only when all its items were written, and none in a test run', async () => {
			const synchronizationId = `pass-${++sync}`;
			const delivered = (key: string, delivery: string, extra: Record<string, unknown> = {}) => ({
				key,
				...extra,
				[metadataKey]: { delivery: { key: delivery } },
			});
			const items = await checked(synchronizationId, [
				delivered('d1', 'ok'),
				delivered('d2', 'ok'),
				delivered('d3', 'bad'),
				delivered('d4', 'bad', { invalid: true }),
			]);
			assert.deepEqual((await runWritePass(items, { ...options, testRun: true })).completedDeliveries, []);
			assert.deepEqual((await runWritePass(items, options)).completedDeliveries, ['ok']);
		});
	});
}
