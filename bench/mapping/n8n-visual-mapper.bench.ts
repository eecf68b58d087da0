import { parseArgs } from 'node:util';

import { packageName } from '../../scripts/n8n/community-package';
import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import type { RunData } from '../../scripts/n8n/run-data';

/**
 * The visual SyncBridge Mapper (10 fields filled by dragging input fields, `{{ $json.x }}`) against
 * n8n's Edit Fields (Set) node making the same 10 fields from the same items, inside the same real n8n
 * and the same executions: one workflow feeds both nodes from one Code node, and the branch order
 * alternates between rounds so neither always runs first. Times are each node's own execution time
 * from n8n's run data; the ratio is Edit Fields' time over the Mapper's (≥ 1: the Mapper is at least as fast).
 *
 *   node dist/bench/mapping/n8n-visual-mapper.bench.js [--items 10000] [--rounds 4]
 */

const { values } = parseArgs({
	options: { items: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '4' } },
});
const itemCount = Number(values.items);
const rounds = Math.max(2, Math.round(Number(values.rounds) / 2) * 2);

const sourceFields = [
	'id',
	'email',
	'first_name',
	'last_name',
	'phone',
	'city',
	'postal_code',
	'country',
	'segment',
	'locale',
];
const targetName = (field: string) => `out_${field}`;

const source = `return Array.from({ length: ${itemCount} }, (_, i) => ({ json: {
	id: String(i), email: 'user' + i + '@example.test', first_name: 'First' + i, last_name: 'Last' + i, phone: '+47 ' + i,
	city: 'Utrecht', postal_code: '3511 AA', country: 'NL', segment: 'retail', locale: 'nl-NL', notes: 'x'.repeat(200),
} }));`;

const drag = (field: string) => `={{ $json.${field} }}`;

function workflow(id: string, setFirst: boolean) {
	const node = (name: string, type: string, x: number, parameters: Record<string, unknown>, typeVersion: number) => ({
		id: `${id}-${name}`.replace(/[^a-zA-Z0-9-]/g, ''),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
	});
	const assignments = sourceFields.map((field, index) => ({
		id: `a${index}`,
		name: targetName(field),
		value: drag(field),
		type: 'string',
	}));
	const set = { node: 'Edit Fields', type: 'main', index: 0 };
	const mapper = { node: 'SyncBridge Mapper', type: 'main', index: 0 };
	return {
		id,
		name: `Bench: visual Mapper vs Edit Fields (${setFirst ? 'Set first' : 'Mapper first'})`,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 0, {}, 1),
			node('Items', 'n8n-nodes-base.code', 220, { jsCode: source }, 2),
			node(
				'Edit Fields',
				'n8n-nodes-base.set',
				440,
				{ mode: 'manual', assignments: { assignments }, includeOtherFields: false, options: {} },
				3.4,
			),
			node(
				'SyncBridge Mapper',
				`${packageName}.syncBridgeMapper`,
				440,
				{
					source: 'visual',
					target: 'free',
					freeFields: { assignments },
					options: { autoMap: false, checkFields: false },
				},
				2,
			),
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [setFirst ? [set, mapper] : [mapper, set]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

type TimedRunData = RunData & {
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{ executionTime: number; data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>
			>;
		};
	};
};

function nodeRun(run: TimedRunData, name: string) {
	const [first] = run.data.resultData.runData[name] ?? [];
	if (!first) throw new Error(`${name} did not run`);
	return first;
}

async function main(): Promise<void> {
	const n8n = await N8nInstance.create();
	try {
		const ids = [
			await n8n.importWorkflow(workflow('sbBenchVisualSetA', true)),
			await n8n.importWorkflow(workflow('sbBenchVisualMapB', false)),
		];
		const times = { set: [] as number[], mapper: [] as number[] };
		for (let round = 0; round <= rounds; round++) {
			const run = (await n8n.execute(ids[round % 2])) as TimedRunData;
			const setRun = nodeRun(run, 'Edit Fields');
			const mapperRun = nodeRun(run, 'SyncBridge Mapper');
			const setItems = setRun.data?.main[0] ?? [];
			const mapperItems = mapperRun.data?.main[0] ?? [];
			if (setItems.length !== itemCount || mapperItems.length !== itemCount)
				throw new Error(
					`expected ${itemCount} items from both, got Set ${setItems.length}, Mapper ${mapperItems.length}`,
				);
			if (JSON.stringify(setItems[itemCount - 1].json) !== JSON.stringify(mapperItems[itemCount - 1].json)) {
				throw new Error(
					`the two nodes disagree: ${JSON.stringify(setItems[itemCount - 1].json)} vs ${JSON.stringify(mapperItems[itemCount - 1].json)}`,
				);
			}
			if (round === 0) continue; // warm-up: first executions load code and compile
			times.set.push(setRun.executionTime);
			times.mapper.push(mapperRun.executionTime);
			console.log(
				`round ${round}: Edit Fields ${setRun.executionTime} ms, SyncBridge Mapper ${mapperRun.executionTime} ms`,
			);
		}
		const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
		const ratio = median(times.set) / median(times.mapper);
		console.log(
			`${itemCount} items x ${sourceFields.length} fields, median of ${rounds} rounds: Edit Fields ${median(times.set)} ms, visual Mapper ${median(times.mapper)} ms`,
		);
		console.log(
			`ratio Edit Fields / visual Mapper: ${ratio.toFixed(2)} (target >= 1: ${ratio >= 1 ? 'met' : 'NOT met'})`,
		);
	} finally {
		await n8n.dispose();
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
