import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { SyncBridgeMapper } from '../../../nodes/SyncBridgeMapper/SyncBridgeMapper.node';

/** Version 1, which every workflow saved before version 2 runs. */
type RunnableNode = {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
	methods: { loadOptions: Record<string, (this: never) => Promise<{ value: unknown }[]>> };
};
const mapperV1 = (): RunnableNode => new SyncBridgeMapper().nodeVersions[1] as unknown as RunnableNode;

function context(parameters: Record<string, unknown>, items: INodeExecutionData[]): IExecuteFunctions {
	return {
		getInputData: () => items,
		getNodeParameter: (name: string) => parameters[name],
		getNode: () => ({
			name: 'Mapper',
			type: 'syncBridgeMapper',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			id: '1',
		}),
	} as unknown as IExecuteFunctions;
}

const pasted = JSON.stringify({ name: 'p', version: '1.0.0', mapping: { id: 'id', n: 'n' }, casts: { n: 'int' } });

describe('SyncBridge Mapper node', () => {
	it('maps JSON items, sends failures to the error output with the original item and reason', async () => {
		const node = mapperV1();
		const [mapped, failed] = await node.execute.call(
			context({ mode: 'map', source: 'json', documentJson: pasted, inputFormat: 'json' }, [
				{ json: { id: 1, n: '5' } },
				{ json: { id: 2, n: 'x' } },
			]),
		);
		assert.deepEqual(mapped, [{ json: { id: 1, n: 5 }, pairedItem: { item: 0 } }]);
		assert.equal(failed.length, 1);
		assert.deepEqual(failed[0].pairedItem, { item: 1 });
		assert.equal(failed[0].json.n, 'x');
		assert.equal((failed[0].json.error as { code: string }).code, 'CAST_FAILED');
	});

	it("keeps each input item's SyncBridge metadata on its mapped item (Contract Check -> Mapper -> Upsert)", async () => {
		const node = mapperV1();
		const metadata = { synchronizationId: 's', route: 'changed', inboundId: '1', delivery: { key: 'k1' } };
		const [mapped] = await node.execute.call(
			context({ mode: 'map', source: 'json', documentJson: pasted, inputFormat: 'json' }, [
				{ json: { id: 1, n: '5', _syncbridge: metadata } },
				{ json: { id: 2, n: '6' } },
			]),
		);
		assert.deepEqual(mapped[0].json, { id: 1, n: 5, _syncbridge: metadata });
		assert.deepEqual(mapped[1].json, { id: 2, n: 6 }, 'no metadata is invented for items that had none');
	});

	it('reads records from an XML field at a results position and from a CSV field', async () => {
		const node = mapperV1();
		const xml = '<list><items><item id="a"><n>1</n></item><item id="b"><n>2</n></item></items></list>';
		const doc = JSON.stringify({
			name: 'x',
			version: '1.0.0',
			mapping: { id: '@attributes.id', n: 'n' },
			casts: { n: 'int' },
		});
		const [fromXml] = await node.execute.call(
			context(
				{
					mode: 'map',
					source: 'json',
					documentJson: doc,
					inputFormat: 'xml',
					inputField: 'data',
					resultsPosition: 'items.item',
				},
				[{ json: { data: xml } }],
			),
		);
		assert.deepEqual(
			fromXml.map((i) => i.json),
			[
				{ id: 'a', n: 1 },
				{ id: 'b', n: 2 },
			],
		);
		const [fromCsv, csvErrors] = await node.execute.call(
			context({ mode: 'map', source: 'json', documentJson: pasted, inputFormat: 'csv', inputField: 'data' }, [
				{ json: { data: 'id,n\n7,"8"\n' } },
				{ json: { other: 1 } },
			]),
		);
		assert.deepEqual(
			fromCsv.map((i) => i.json),
			[{ id: '7', n: 8 }],
		);
		assert.equal((csvErrors[0].json.error as { code: string }).code, 'INPUT_FIELD');
	});

	it('test mode runs the bundled document examples', async () => {
		const node = mapperV1();
		const [passed, failed] = await node.execute.call(
			context({ mode: 'test', source: 'bundled', document: 'gemma/archimate-element-to-object.json' }, [{ json: {} }]),
		);
		assert.equal(failed.length, 0);
		assert.equal(passed.length, 1);
		assert.equal(passed[0].json.passed, true);
	});

	it('lists the bundled documents for the dropdown', async () => {
		const node = mapperV1();
		const options = await node.methods.loadOptions.getBundledDocuments.call({} as never);
		assert.ok(options.some((o) => o.value === 'stripe/customer-to-app-user.json'));
	});
});
