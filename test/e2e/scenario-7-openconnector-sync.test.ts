import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput, nodeOutputOfAllRuns, type RunData } from '../../scripts/n8n/run-data';
import { FakeArchimateRepository, type ArchimateElement } from '../fakes/systems/fake-archimate-repository';
import { FakeTarget, type FakeTargetStats } from '../fakes/target/fake-target';
import { loadScenarioWorkflow } from '../support/scenario-workflow';

const workflowFile = 'scenario-7-gemma-elements-to-register.json';
const settingsNode = 'Synchronization Settings';

interface SynchronizationSettings {
	force: boolean;
	testRun: boolean;
	restrictDeletion: boolean;
	requestedIdentifiers: string[];
	deleteThreshold: number;
}

function hex(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The element's GEMMA GUID (propid-2), which becomes its id in the register. */
function gemmaGuid(n: number): string {
	const h = hex(`guid ${n}`);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** 25 elements; every third is a business actor or grouping, which the mapping's conditions skip. */
function gemmaElement(n: number): ArchimateElement {
	const skipped = n % 3 === 0;
	return {
		identifier: `id-${hex(`element ${n}`)}`,
		type: skipped ? (n % 2 === 0 ? 'Grouping' : 'BusinessActor') : n % 2 === 0 ? 'ApplicationService' : 'Capability',
		name: `Element ${n}`,
		documentation: `Beschrijving van element ${n}`,
		properties: { 'propid-1': 'Thema-architectuur Common Ground', 'propid-2': gemmaGuid(n) },
	};
}

const passesConditions = (element: ArchimateElement) =>
	element.type === 'Capability' || element.type === 'ApplicationService';

/** What the register should hold for the source's elements that pass the conditions. */
function expectedRegister(elements: ArchimateElement[]): Array<Record<string, unknown>> {
	return elements
		.filter(passesConditions)
		.map((element) => ({
			id: element.properties['propid-2'],
			identifier: element.identifier,
			type: element.type,
			name: element.name,
			documentation: element.documentation,
			properties: element.properties,
		}))
		.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

describe('scenario 7: an OpenConnector-style synchronization of the paginated GEMMA XML export into a register', () => {
	let n8n: N8nInstance;
	let source: FakeArchimateRepository;
	let register: FakeTarget;
	let workflow: Awaited<ReturnType<typeof loadScenarioWorkflow>>;
	const defaults: SynchronizationSettings = {
		force: false,
		testRun: false,
		restrictDeletion: false,
		requestedIdentifiers: [],
		deleteThreshold: 0.1,
	};

	/**
	 * Imports the workflow file with the given synchronization settings. Only the Synchronization
	 * Settings node's JSON (force, test run, restrict deletion + requested identifiers, delete
	 * threshold) is ever changed: it is the workflow's own configuration, the knobs OpenConnector
	 * puts on a synchronization.
	 */
	async function importWith(settings: SynchronizationSettings): Promise<string> {
		const copy = structuredClone(workflow);
		const node = (copy.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find(
			(candidate) => candidate.name === settingsNode,
		);
		assert.ok(node, `the workflow has a ${settingsNode} node`);
		const shipped = JSON.parse(String(node.parameters.jsonOutput)) as SynchronizationSettings;
		assert.deepEqual(
			Object.keys(shipped).sort(),
			Object.keys(settings).sort(),
			'the test varies exactly the settings the workflow has',
		);
		node.parameters.jsonOutput = JSON.stringify(settings, null, 2);
		return n8n.importWorkflow(copy);
	}

	function registerContents(): Array<Record<string, unknown>> {
		return [...register.records.values()].sort((a, b) => String(a.id).localeCompare(String(b.id)));
	}

	function writesSince(before: FakeTargetStats): {
		requests: number;
		creates: number;
		updates: number;
		deletes: number;
	} {
		return {
			requests: register.stats.requests - before.requests,
			creates: register.stats.creates - before.creates,
			updates: register.stats.updates - before.updates,
			deletes: register.stats.deletes - before.deletes,
		};
	}

	const snapshot = (): FakeTargetStats => ({ ...register.stats, byMethod: { ...register.stats.byMethod } });
	const upsertErrors = (run: RunData) =>
		nodeOutputOfAllRuns(run, 'Upsert Register Object', 1).map(
			(item) => (item._syncbridge as { error: { code: string } }).error.code,
		);

	before(async () => {
		source = await new FakeArchimateRepository().start();
		for (let n = 1; n <= 25; n++) source.elements.push(gemmaElement(n));
		register = await new FakeTarget().start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbGemmaRepositoryKey',
				name: 'GEMMA repository API key',
				type: 'syncBridgeApiKeyApi',
				data: {
					baseUrl: source.url,
					headerName: 'X-API-Key',
					apiKey: source.apiKey,
					testPath: '/models/gemma/elements?per_page=1',
				},
			},
		]);
		workflow = await loadScenarioWorkflow(workflowFile, { 'http://register.syncbridge.invalid': register.url });
	});

	after(async () => {
		await n8n?.dispose();
		await source?.stop();
		await register?.stop();
	});

	let id: string;

	test('first run: reads all three XML pages and creates exactly the elements that pass the conditions, under their GEMMA GUIDs', async () => {
		id = await importWith(defaults);
		const run = await n8n.execute(id);

		assert.deepEqual(
			source
				.requestsTo('/models/gemma/elements')
				.map((request) => new URL(request.url, 'http://x').searchParams.get('page')),
			['1', '2', '3'],
			'pages of 10 until the short third page',
		);
		const skipped = nodeOutput(run, 'Map To Register Object', 1);
		assert.equal(skipped.length, 8, 'business actors and groupings are skipped by the JSON Logic conditions');
		assert.ok(skipped.every((item) => (item.error as { code: string }).code === 'CONDITIONS_NOT_MET'));

		assert.equal(nodeOutput(run, 'Contract Check', 0).length, 17, 'every passing element is new');
		assert.equal(register.stats.creates, 17);
		assert.deepEqual(
			registerContents(),
			expectedRegister(source.elements),
			'the register holds the mapped elements, ids from idInRequestBody',
		);
		const created = nodeOutputOfAllRuns(run, 'Upsert Register Object', 0).map(
			(item) => item._syncbridge as { action: string; targetId: string; inboundId: string },
		);
		assert.ok(
			created.every(
				(meta) => meta.action === 'created' && meta.targetId === source.element(meta.inboundId).properties['propid-2'],
			),
			'the contract records the GUID sent in the body as target id',
		);
	});

	test('second run with nothing changed: no write to the register', async () => {
		const before = snapshot();
		const run = await n8n.execute(id);
		assert.equal(nodeOutput(run, 'Contract Check', 2).length, 17, 'all unchanged');
		assert.equal(writesSince(before).requests, 0, 'not a single register request');
	});

	const renamed = gemmaElement(1);
	const removed = gemmaElement(14);

	test('a page that keeps failing stops the run: no write and no delete, although an element is missing and another changed', async () => {
		source.element(renamed.identifier).name = 'Element 1, renamed';
		source.remove(removed.identifier);
		source.failingPages.add(2);
		const pageTwoBefore = source
			.requestsTo('/models/gemma/elements')
			.filter((request) => request.url.includes('page=2')).length;
		const before = snapshot();

		await assert.rejects(
			n8n.execute(id),
			/The source was not read completely, nothing was synchronized: GEMMA ArchiMate repository is unavailable: .*page=2.* still failing after 3 attempts \(last: HTTP 500\)/,
		);

		const pageTwo =
			source.requestsTo('/models/gemma/elements').filter((request) => request.url.includes('page=2')).length -
			pageTwoBefore;
		assert.equal(pageTwo, 3, 'page 2 was retried up to Max Attempts');
		assert.equal(writesSince(before).requests, 0, 'nothing written, nothing deleted');
		assert.ok(
			register.records.has(removed.properties['propid-2']),
			'the element missing from the source is still in the register',
		);
		source.failingPages.clear();
	});

	test('restrict deletion: a partial synchronization of two named elements updates the changed one and deletes nothing', async () => {
		const before = snapshot();
		const requested = [renamed.identifier, gemmaElement(2).identifier];
		const run = await n8n.execute(
			await importWith({ ...defaults, restrictDeletion: true, requestedIdentifiers: requested }),
		);

		const lastRequest = source.requestsTo('/models/gemma/elements').at(-1);
		assert.equal(
			new URL(lastRequest?.url ?? '', 'http://x').searchParams.get('identifier'),
			requested.join(','),
			'only the named elements were requested',
		);
		assert.deepEqual(
			nodeOutput(run, 'Contract Check', 1).map((item) => item.identifier),
			[renamed.identifier],
		);
		assert.equal(
			nodeOutput(run, 'Contract Check', 3).length,
			0,
			'the 15 elements not requested (and the removed one) are no deletion candidates',
		);
		assert.deepEqual(writesSince(before), { requests: 1, creates: 0, updates: 1, deletes: 0 });
		assert.equal(register.records.get(renamed.properties['propid-2'])?.name, 'Element 1, renamed');
		assert.ok(register.records.has(removed.properties['propid-2']));
	});

	test('force rewrites every element; a delete above the threshold is refused and reported', async () => {
		const before = snapshot();
		const run = await n8n.execute(await importWith({ ...defaults, force: true, deleteThreshold: 0.05 }));

		assert.equal(nodeOutput(run, 'Contract Check', 1).length, 16, 'force routes every known element to Changed');
		assert.ok(
			nodeOutput(run, 'Contract Check', 1).every(
				(item) => (item._syncbridge as { reason: string }).reason === 'forced',
			),
		);
		assert.deepEqual(
			upsertErrors(run),
			['DELETE_PASS_THRESHOLD_EXCEEDED'],
			'1 of 17 contracts (5.9%) is above the 5% threshold',
		);
		assert.deepEqual(writesSince(before), { requests: 16, creates: 0, updates: 16, deletes: 0 });
		assert.ok(register.records.has(removed.properties['propid-2']));
	});

	const edited = gemmaElement(4);

	test('test run: plans the update and the delete, writes nothing', async () => {
		source.element(edited.identifier).documentation = 'Nieuwe beschrijving';
		const before = snapshot();
		const run = await n8n.execute(await importWith({ ...defaults, testRun: true }));

		const planned = nodeOutputOfAllRuns(run, 'Upsert Register Object', 0).map(
			(item) => item._syncbridge as { action: string; skipReason: string; plannedAction: string; inboundId: string },
		);
		assert.deepEqual(planned, [
			{
				...planned[0],
				action: 'skipped',
				skipReason: 'test-run',
				plannedAction: 'update',
				inboundId: edited.identifier,
			},
		]);
		assert.deepEqual(upsertErrors(run), ['DELETE_PASS_TEST_RUN'], 'the delete pass refuses in a test run');
		assert.equal(writesSince(before).requests, 0);
		assert.equal(
			register.records.get(edited.properties['propid-2'])?.documentation,
			edited.documentation,
			'the register still has the old text',
		);
	});

	test('a complete run with the shipped settings updates the edited element and deletes the removed one', async () => {
		const before = snapshot();
		const run = await n8n.execute(await importWith(defaults));

		assert.deepEqual(
			nodeOutput(run, 'Contract Check', 1).map((item) => item.identifier),
			[edited.identifier],
			'the test run changed no contract',
		);
		assert.deepEqual(
			nodeOutput(run, 'Contract Check', 3).map((item) => item.originId),
			[removed.identifier],
		);
		assert.deepEqual(writesSince(before), { requests: 2, creates: 0, updates: 1, deletes: 1 });
		assert.deepEqual(upsertErrors(run), []);
		assert.deepEqual(registerContents(), expectedRegister(source.elements), 'the register mirrors the source exactly');
	});
});
