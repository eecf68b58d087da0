import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { SyncBridgeContractCheck } from '../../../nodes/SyncBridgeContractCheck/SyncBridgeContractCheck.node';
import { SyncBridgeSyncStatus } from '../../../nodes/SyncBridgeSyncStatus/SyncBridgeSyncStatus.node';
import { SyncBridgeUpsert } from '../../../nodes/SyncBridgeUpsert/SyncBridgeUpsert.node';
import { closeAllStores } from '../../../runtime/contracts/open-store';
import { FakeTarget } from '../../fakes/target/fake-target';
import { dropSchema, ensurePostgres, uniqueSchema, type PostgresHandle } from './postgres-server';

/** Just enough of n8n's execute context for these nodes; HTTP goes through fetch like n8n's helper would. */
function context(
	parameters: Record<string, unknown>,
	items: INodeExecutionData[],
	credentials: IDataObject = {},
): IExecuteFunctions {
	const httpRequest = async (options: {
		method: string;
		url: string;
		headers: Record<string, string>;
		body?: unknown;
		timeout?: number;
	}) => {
		const response = await fetch(options.url, {
			method: options.method,
			headers: { ...options.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
			body: options.body === undefined ? undefined : JSON.stringify(options.body),
			signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
		});
		const text = await response.text();
		return {
			statusCode: response.status,
			headers: Object.fromEntries(response.headers),
			body: text === '' ? undefined : (JSON.parse(text) as unknown),
		};
	};
	const node = { id: '1', name: 'SyncBridge', type: 'syncBridge', typeVersion: 1, position: [0, 0], parameters: {} };
	return {
		getInputData: () => items,
		getNodeParameter: (name: string, _index: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getNode: () => node,
		getExecutionId: () => 'exec-1',
		continueOnFail: () => false,
		getCredentials: async () => credentials,
		logger: { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} },
		helpers: { httpRequest, httpRequestWithAuthentication: httpRequest },
	} as unknown as IExecuteFunctions;
}

const checkNode = new SyncBridgeContractCheck();
const upsertNode = new SyncBridgeUpsert();
const statusNode = new SyncBridgeSyncStatus();
const items = (records: IDataObject[]): INodeExecutionData[] =>
	records.map((json, item) => ({ json, pairedItem: { item } }));
const meta = (item: INodeExecutionData) => item.json._syncbridge as IDataObject;

for (const kind of ['sqlite', 'postgres'] as const) {
	describe(`SyncBridge nodes end to end (${kind} store)`, () => {
		let target: FakeTarget;
		let dir: string;
		let pg: PostgresHandle | undefined;
		let schema = '';
		let storeParameters: Record<string, unknown>;
		let credentials: IDataObject = {};

		before(async () => {
			target = await new FakeTarget().start();
			dir = mkdtempSync(join(tmpdir(), 'syncbridge-nodes-'));
			if (kind === 'sqlite') storeParameters = { store: 'sqlite', sqlitePath: join(dir, 'contracts.sqlite') };
			else {
				pg = await ensurePostgres();
				schema = uniqueSchema('nodes');
				const url = new URL(pg.url);
				storeParameters = { store: 'postgres' };
				credentials = {
					host: url.hostname,
					port: Number(url.port),
					database: url.pathname.slice(1),
					user: url.username,
					password: '',
					ssl: 'disable',
					schema,
				};
			}
		});
		after(async () => {
			await closeAllStores();
			await target.stop();
			rmSync(dir, { recursive: true, force: true });
			if (pg !== undefined) {
				await dropSchema(pg.url, schema);
				await pg.stop();
			}
		});

		const check = (records: IDataObject[], extra: Record<string, unknown> = {}) =>
			checkNode.execute.call(
				context(
					{
						synchronizationId: 'people',
						originIdPath: 'id',
						inboundSide: 'origin',
						volatileFields: 'seenAt',
						configVersion: '1',
						mappingVersion: '1',
						force: false,
						detectOrphans: false,
						...storeParameters,
						...extra,
					},
					items(records),
					credentials,
				),
			);
		const upsert = (input: INodeExecutionData[], extra: Record<string, unknown> = {}) =>
			upsertNode.execute.call(
				context(
					{
						baseUrl: target.url,
						authentication: 'none',
						createPath: '/records',
						createMethod: 'POST',
						updatePath: '/records/{id}',
						updateMethod: 'PUT',
						deletePath: '/records/{id}',
						deleteMethod: 'DELETE',
						idPosition: 'id',
						idInRequestBody: '',
						conflictPolicy: 'none',
						volatileFields: 'seenAt',
						testRun: false,
						options: { maxAttempts: 2 },
						...storeParameters,
						...extra,
					},
					input,
					credentials,
				),
			);
		const status = (operation: string) =>
			statusNode.execute.call(
				context({ operation, synchronizationId: 'people', limit: 10, ...storeParameters }, items([{}]), credentials),
			);

		const people = [
			{ id: 'a', name: 'Ada', seenAt: 1 },
			{ id: 'b', name: 'Bob', seenAt: 1 },
			{ id: 'c', name: 'Cy', seenAt: 1 },
		];

		it('routes, writes, and finds nothing to do the second time', async () => {
			const [fresh, changed, unchanged, orphaned] = await check(people);
			assert.deepEqual([fresh.length, changed.length, unchanged.length, orphaned.length], [3, 0, 0, 0]);
			assert.deepEqual(
				fresh.map((item) => item.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			const [success, failed] = await upsert(fresh);
			assert.equal(failed.length, 0);
			assert.deepEqual(
				success.map((item) => meta(item).action),
				['created', 'created', 'created'],
			);
			assert.equal(target.records.size, 3);
			assert.equal(
				(target.records.get(String(meta(success[0]).targetId)) as IDataObject)._syncbridge,
				undefined,
				'metadata is never sent',
			);

			target.resetStats();
			const again = await check(people.map((person) => ({ ...person, seenAt: 2 })));
			assert.equal(again[2].length, 3, 'a volatile field change is not a change');
			assert.equal(target.stats.requests, 0);
		});

		it('refuses an unsafe delete pass and reports it through the error output, deletes a safe one', async () => {
			const complete = {
				detectOrphans: true,
				fetchComplete: true,
				fetchErrors: 0,
				testRun: false,
				restrictDeletion: false,
				deleteThreshold: 0.1,
			};
			const refused = await check(people.slice(1), complete);
			assert.equal(refused[3].length, 1);
			const [, failed] = await upsert(refused[3]);
			assert.equal((meta(failed[0]).error as IDataObject).code, 'DELETE_PASS_THRESHOLD_EXCEEDED');
			assert.equal(target.records.size, 3);

			const allowed = await check(people.slice(1), { ...complete, deleteThreshold: 0.5 });
			assert.equal(allowed[3].length, 1);
			assert.equal(meta(allowed[3][0]).inboundId, 'a');
			const [deleted] = await upsert(allowed[3]);
			assert.equal(meta(deleted[0]).action, 'deleted');
			assert.equal(target.records.size, 2);
		});

		it('sends a rejected write to the error output, lists it as failed, and replays it', async () => {
			const [fresh] = await check([{ id: 'd', name: 'Dee', invalid: true }]);
			const [success, failed] = await upsert(fresh);
			assert.equal(success.length, 0);
			assert.equal(failed.length, 1);
			assert.equal(failed[0].json.name, 'Dee', 'the failing item is kept');
			assert.deepEqual(failed[0].pairedItem, { item: 0 });
			assert.equal((meta(failed[0]).error as IDataObject).httpStatus, 422);

			const [letters] = await status('getFailedItems');
			assert.equal(letters.length, 1);
			const replay = { ...letters[0], json: { ...letters[0].json, invalid: false } };
			const [replayed, stillFailed] = await upsert([replay]);
			assert.equal(stillFailed.length, 0);
			assert.equal(meta(replayed[0]).action, 'created');
			assert.equal((await status('getFailedItems'))[0].length, 0);
		});

		it('reports integration status and the last sync result', async () => {
			const [[health]] = await status('getIntegrationStatus');
			assert.equal(health.json.contracts, 3);
			assert.equal(health.json.deadLetters, 0);
			assert.equal(health.json.store, kind);
			const [[last]] = await status('getLastSyncResult');
			// The replay above was the most recent run: a run of its own.
			assert.match(String(last.json.runId), /^replay-\d+$/);
			assert.equal(last.json.created, 1);
			assert.equal(last.json.failed, 0);
		});

		it('routes an item whose Deleted Flag Field is true to Orphaned, and Upsert deletes its counterpart on the other side', async () => {
			const two = { synchronizationId: 'reported-deletions' };
			const [fresh] = await check([{ ref: 'e', name: 'Eve' }], { ...two, originIdPath: 'ref' });
			const [created] = await upsert(fresh);
			const customerId = String(meta(created[0]).targetId);
			// The return flow: the target reports its object deleted; the origin's (the same fake, at /records/e) goes.
			target.records.set('e', { id: 'e', ref: 'e', name: 'Eve' });
			const reported = [{ ...(target.records.get(customerId) as IDataObject), deleted: true }];
			const back = { ...two, inboundSide: 'target', deletedFlagField: 'deleted' };
			const [, , , orphaned] = await check(reported, back);
			assert.equal(orphaned.length, 1);
			assert.deepEqual(
				[meta(orphaned[0]).inboundId, meta(orphaned[0]).targetId, meta(orphaned[0]).reason],
				[customerId, 'e', 'deleted-at-source'],
			);
			const [deleted, failed] = await upsert(orphaned);
			assert.equal(failed.length, 0);
			assert.deepEqual([meta(deleted[0]).action, meta(deleted[0]).targetId], ['deleted', 'e']);
			assert.equal(target.records.has('e'), false);
			assert.equal(target.records.has(customerId), true, 'only the other side is deleted');

			const [, , again] = await check(reported, back);
			assert.equal(meta(again[0]).reason, 'nothing-to-delete');
		});

		it("resolves linked objects through the other synchronization's contracts, both ways, and holds back an item whose link is not written yet", async () => {
			const peopleTargetIds = new Map(
				(await check(people))[2].map((item) => [String(meta(item).inboundId), String(meta(item).targetId)]),
			);
			const links = { link: [{ name: 'person', idPath: 'personId', synchronizationId: 'people' }] };
			const memberships = [
				{ id: 'm1', personId: 'b', plan: 'Full' },
				{ id: 'm2', personId: 'nobody-yet', plan: 'Youth' },
				{ id: 'm3', plan: 'Guest' },
			];
			const [fresh] = await check(memberships, { synchronizationId: 'memberships', links });
			assert.deepEqual(
				fresh.map((item) => meta(item).links),
				[
					{ person: { synchronizationId: 'people', id: 'b', linkedId: peopleTargetIds.get('b') } },
					{ person: { synchronizationId: 'people', id: 'nobody-yet', linkedId: null } },
					{ person: { synchronizationId: 'people', id: null, linkedId: null } },
				],
			);
			const [written, held] = await upsert(fresh);
			assert.deepEqual(
				written.map((item) => item.json.id),
				['m1', 'm3'],
			);
			assert.equal(held.length, 1);
			assert.equal((meta(held[0]).error as IDataObject).code, 'LINK_UNRESOLVED');
			assert.match(
				String((meta(held[0]).error as IDataObject).message),
				/'nobody-yet', which synchronization 'people' has not written yet/,
			);
			const [letters] = await statusNode.execute.call(
				context(
					{ operation: 'getFailedItems', synchronizationId: 'memberships', limit: 10, ...storeParameters },
					items([{}]),
					credentials,
				),
			);
			assert.equal(letters.length, 0, 'a held item is not a dead letter');

			// The return flow holds target ids: they resolve to origin ids.
			const fromTarget = await check([{ targetKey: 'x1', personRef: peopleTargetIds.get('c') }], {
				synchronizationId: 'memberships',
				inboundSide: 'target',
				originIdPath: 'targetKey',
				links: { link: [{ name: 'person', idPath: 'personRef', synchronizationId: 'people' }] },
			});
			assert.deepEqual(meta(fromTarget[0][0]).links, {
				person: { synchronizationId: 'people', id: peopleTargetIds.get('c'), linkedId: 'c' },
			});
			await assert.rejects(
				check(memberships, {
					synchronizationId: 'memberships',
					links: { link: [{ name: 'person', idPath: '', synchronizationId: 'people' }] },
				}),
				/needs a name, an ID field and a synchronization ID/,
			);
		});

		it('keeps the input order on its outputs, whichever write finishes first', async () => {
			const records = [
				{ id: 'o1', name: 'Slow' },
				{ id: 'o2', name: 'Quick' },
				{ id: 'o3', name: 'Quick too' },
			];
			const [fresh] = await check(records, { synchronizationId: 'ordering' });
			// The first write to arrive waits a second for its retry; the others are done long before.
			target.inject({ kind: 'status', status: 503, retryAfter: 1, times: 1, methods: ['POST'] });
			const [success] = await upsert(fresh);
			assert.deepEqual(
				success.map((item) => item.json.name),
				['Slow', 'Quick', 'Quick too'],
			);
			assert.equal(
				success.filter((item) => meta(item).attempts === 2).length,
				1,
				'one write (usually the first sent) waited for its retry',
			);
		});
	});
}
