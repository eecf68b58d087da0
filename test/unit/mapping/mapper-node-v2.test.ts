import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';
import { SyncBridgeMapper } from '../../../nodes/SyncBridgeMapper/SyncBridgeMapper.node';

type RunnableNode = { execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> };
const mapperV2 = (): RunnableNode => new SyncBridgeMapper().nodeVersions[2] as unknown as RunnableNode;

/**
 * n8n's execute context as the node uses it: raw parameters as n8n stores them, and per-item values of
 * the parameters n8n itself evaluates (`evaluated(path, item)`), so the test sees which ones the node asks for.
 */
function context(
	parameters: Record<string, unknown>,
	items: IDataObject[],
	evaluated: (path: string, item: number) => unknown = () => assert.fail('no n8n evaluation expected'),
) {
	const asked: string[] = [];
	const hints: NodeExecutionHint[] = [];
	const raw = (path: string): unknown =>
		path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], parameters);
	const ctx = {
		getInputData: () => items.map((json) => ({ json })),
		getNode: () => ({
			name: 'Map To Customer',
			type: 'syncBridgeMapper',
			typeVersion: 2,
			position: [0, 0],
			parameters: {},
			id: '1',
		}),
		getNodeParameter: (
			path: string,
			item: number,
			fallback?: unknown,
			options?: { rawExpressions?: boolean; extractValue?: boolean },
		) => {
			if (
				path.startsWith('fields.value[') ||
				path.startsWith('freeFields.assignments[') ||
				(path === 'conditions' && options?.extractValue)
			) {
				asked.push(`${path}#${item}`);
				return evaluated(path, item);
			}
			return raw(path) ?? fallback;
		},
		addExecutionHints: (...added: NodeExecutionHint[]) => hints.push(...added),
	} as unknown as IExecuteFunctions;
	return { ctx, asked, hints };
}

const customerSchema = [
	{ id: 'email', displayName: 'Email', required: false, defaultMatch: false, display: true, type: 'string' },
	{ id: 'name', displayName: 'Name', required: true, defaultMatch: false, display: true, type: 'string' },
	{ id: 'balance', displayName: 'Balance', required: false, defaultMatch: false, display: true, type: 'number' },
	{ id: 'phone', displayName: 'Phone', required: false, defaultMatch: false, display: true, type: 'string' },
];

const visual = (value: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	mode: 'map',
	source: 'visual',
	target: 'stripe/customers',
	inputFormat: 'json',
	fields: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: customerSchema },
	options: {},
	conditions: { conditions: [], combinator: 'and', options: {} },
	...extra,
});

describe('SyncBridge Mapper version 2 (visual)', () => {
	it('maps drags in the sandbox without asking n8n to evaluate them, and auto-maps empty fields by loose name', async () => {
		const { ctx, asked, hints } = context(
			visual(
				{ email: '={{ $json.contact.email }}', name: '={{ $json.fullName }}' },
				{
					fieldOptions: { field: [{ field: 'balance', cast: 'moneyStringToInt', castArgument: '', defaultValue: '' }] },
				},
			),
			[
				{
					contact: { email: 'ada@x.test' },
					fullName: 'Ada',
					Balance: '12.00',
					PHONE: '+47 1',
					_syncbridge: { route: 'new' },
				},
				{ contact: {}, fullName: 'Bob', Balance: '1' },
			],
		);
		const [mapped, failed] = await mapperV2().execute.call(ctx);
		assert.deepEqual(asked, []);
		assert.deepEqual(failed, []);
		assert.deepEqual(
			mapped.map((item) => item.json),
			[
				{ email: 'ada@x.test', name: 'Ada', balance: 1200, phone: '+47 1', _syncbridge: { route: 'new' } },
				{ name: 'Bob', balance: 100 },
			],
		);
		assert.match(String(hints[0]?.message), /Auto-mapped by name: balance ← Balance, phone ← PHONE/);
	});

	it('never overwrites a field the user set, and can be told not to auto-map', async () => {
		const items = [{ fullName: 'Ada', name: 'ignored', Phone: '1' }];
		const [[withAuto]] = await mapperV2().execute.call(context(visual({ name: '={{ $json.fullName }}' }), items).ctx);
		assert.deepEqual(withAuto.json, { name: 'Ada', phone: '1' });
		const [[without]] = await mapperV2().execute.call(
			context(visual({ name: '={{ $json.fullName }}' }, { options: { autoMap: false } }), items).ctx,
		);
		assert.deepEqual(without.json, { name: 'Ada' });
	});

	it('"Map Automatically" in the resource mapper maps every field by loose name, even with auto-map switched off', async () => {
		const parameters = visual({}, { options: { autoMap: false } });
		(parameters.fields as { mappingMode: string }).mappingMode = 'autoMapInputData';
		const [[item]] = await mapperV2().execute.call(
			context(parameters, [{ E_Mail: 'a@x.test', Name: 'Ada', phoneNumber: '+47' }]).ctx,
		);
		assert.deepEqual(item.json, { email: 'a@x.test', name: 'Ada' }, 'phoneNumber is another name than phone');
	});

	it('asks n8n only for fields that are real expressions, per item', async () => {
		const { ctx, asked } = context(
			visual(
				{ name: '={{ $json.first + " " + $json.last }}', email: '={{ $json.email }}' },
				{ options: { autoMap: false } },
			),
			[
				{ first: 'Ada', last: 'L', email: 'a@x.test' },
				{ first: 'Bob', last: 'K' },
			],
			(_path, item) => ['Ada L', 'Bob K'][item],
		);
		const [mapped] = await mapperV2().execute.call(ctx);
		assert.deepEqual(asked, ['fields.value["name"]#0', 'fields.value["name"]#1']);
		assert.deepEqual(
			mapped.map((item) => item.json),
			[{ name: 'Ada L', email: 'a@x.test' }, { name: 'Bob K' }],
		);
	});

	it('sends items with a missing required field or a mistyped value to Error, naming the field', async () => {
		const [mapped, failed] = await mapperV2().execute.call(
			context(
				visual({ email: '={{ $json.email }}', balance: '={{ $json.amount }}' }, { options: { autoMap: false } }),
				[{ email: 'a@x.test', amount: '12' }],
			).ctx,
		);
		assert.equal(mapped.length, 0);
		const error = failed[0].json.error as { code: string; message: string };
		assert.equal(error.code, 'REQUIRED_FIELD_MISSING');
		assert.match(
			error.message,
			/Required field "Name" \(name\) has no value; Field "Balance" \(balance\) takes a number, got string "12"; the cast "float" converts it/,
		);
		assert.equal(failed[0].json.amount, '12', 'the input record is kept on the error item');
	});

	it('routes items that do not match the conditions to Error without mapping them', async () => {
		const parameters = visual(
			{ name: '={{ $json.name }}' },
			{
				conditions: {
					conditions: [
						{
							id: 'c',
							leftValue: '={{ $json.active }}',
							operator: { type: 'boolean', operation: 'true' },
							rightValue: '',
						},
					],
					combinator: 'and',
					options: {},
				},
			},
		);
		const { ctx } = context(
			parameters,
			[
				{ name: 'Ada', active: true },
				{ name: 'Bob', active: false },
			],
			(_path, item) => [true, false][item],
		);
		const [mapped, failed] = await mapperV2().execute.call(ctx);
		assert.deepEqual(
			mapped.map((item) => item.json.name),
			['Ada'],
		);
		assert.equal((failed[0].json.error as { code: string }).code, 'CONDITIONS_NOT_MET');
	});

	it('Test Mapping previews each field: where it comes from, source value, target value and problems', async () => {
		const parameters = visual(
			{ name: '={{ $json.fullName }}', balance: '={{ $json.amount }}' },
			{
				mode: 'test',
				fieldOptions: { field: [{ field: 'balance', cast: 'moneyStringToInt', castArgument: '', defaultValue: '' }] },
			},
		);
		const [ok, bad] = await mapperV2().execute.call(
			context(parameters, [{ fullName: 'Ada', amount: '2.50', e_mail: 'a@x.test' }, { amount: 'x' }]).ctx,
		);
		assert.equal(ok.length, 1);
		const fields = ok[0].json.fields as IDataObject[];
		assert.deepEqual(
			fields.map((f) => [f.field, f.from, f.sourceValue, f.targetValue]),
			[
				['name', 'input field fullName', 'Ada', 'Ada'],
				['balance', 'input field amount', '2.50', 250],
				['email', 'auto-mapped from e_mail', 'a@x.test', 'a@x.test'],
			],
		);
		assert.equal(bad.length, 1);
		assert.equal((bad[0].json.error as { code: string }).code, 'CAST_FAILED');
	});

	it('exports the visual mapping as a mapping document with the input records as examples', async () => {
		const parameters = visual(
			{ name: '={{ $json.fullName }}' },
			{ mode: 'export', options: { autoMap: false, documentName: 'App user to customer', documentVersion: '2.1.0' } },
		);
		const [[item]] = await mapperV2().execute.call(context(parameters, [{ fullName: 'Ada' }]).ctx);
		assert.deepEqual(item.json.document, {
			name: 'App user to customer',
			version: '2.1.0',
			target: 'stripe/customers',
			mapping: { name: 'fullName' },
			examples: [{ input: { fullName: 'Ada' }, output: { name: 'Ada' } }],
		});
	});

	it('free fields convert values to the type picked beside them, like Edit Fields', async () => {
		const parameters = {
			...visual({}),
			target: 'free',
			freeFields: {
				assignments: [
					{ id: 'a', name: 'count', value: '={{ $json.n }}', type: 'number' },
					{ id: 'b', name: 'label', value: 'fixed', type: 'string' },
				],
			},
		};
		const [mapped] = await mapperV2().execute.call(context(parameters, [{ n: '42' }]).ctx);
		assert.deepEqual(mapped[0].json, { count: 42, label: 'fixed' });
	});
});

describe('SyncBridge Mapper version 2 (documents)', () => {
	const document = {
		name: 'greeting',
		version: '1.0.0',
		mapping: { greeting: 'Hello {{first_name}}' },
		examples: [{ input: { first_name: 'Ada' }, output: { greeting: 'Hello Ada' } }],
	};

	it('reads a pasted document as written, even when n8n stored it as an expression', async () => {
		const parameters = {
			mode: 'map',
			source: 'json',
			documentJson: `=${JSON.stringify(document)}`,
			inputFormat: 'json',
		};
		const [mapped] = await mapperV2().execute.call(context(parameters, [{ first_name: 'Ada' }]).ctx);
		assert.deepEqual(mapped[0].json, { greeting: 'Hello Ada' });
	});

	it('fails red when an example fails, listing it', async () => {
		const wrong = { ...document, examples: [{ input: { first_name: 'Ada' }, output: { greeting: 'Hi Ada' } }] };
		const parameters = { mode: 'test', source: 'json', documentJson: JSON.stringify(wrong), inputFormat: 'json' };
		await assert.rejects(
			mapperV2().execute.call(context(parameters, [{}]).ctx),
			(error: Error & { description?: string }) => {
				assert.match(error.message, /1 of 1 examples of "greeting" fail/);
				assert.match(
					String(error.description),
					/Example 0: expected \{"greeting":"Hi Ada"\}, got \{"greeting":"Hello Ada"\}/,
				);
				return true;
			},
		);
	});

	it('Test Mapping of a bundled document shows the whole document, then its examples', async () => {
		const parameters = {
			mode: 'test',
			source: 'bundled',
			document: 'stripe/customer-to-app-user.json',
			inputFormat: 'json',
		};
		const [output] = await mapperV2().execute.call(context(parameters, [{}]).ctx);
		const shown = output[0].json.document as { name: string; mapping: object };
		assert.equal(shown.name, 'Stripe customer to app user');
		assert.ok(Object.keys(shown.mapping).length > 0);
		assert.ok(output.slice(1).every((item) => item.json.passed === true));
	});
});
