import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMapper, MappingError, MappingSandbox, type MapResult } from '../../../runtime/mapping';

const sandbox = new MappingSandbox({ batchTimeoutMs: 300, memoryLimitMb: 48 });
after(() => sandbox.dispose());

/** A document whose `out` field runs `expression` only for the record with `bad: true`. */
function hostile(expression: string) {
	return createMapper(
		{
			name: 'hostile',
			version: '1.0.0',
			mapping: { id: 'id', out: { expression: `record.bad ? (${expression}) : 'fine'` } },
		},
		{ sandbox },
	);
}

function assertOthersMapped(results: MapResult[], badIndex: number): void {
	results.forEach((result, index) => {
		if (index === badIndex) return;
		assert.equal(result.status, 'mapped', `record ${index} should still map`);
		assert.deepEqual(result.status === 'mapped' && result.value, { id: index, out: 'fine' });
	});
}

const batch = (badIndex: number) =>
	Array.from({ length: 12 }, (_, id) => (id === badIndex ? { id, bad: true } : { id }));

async function assertHostAndSandboxHealthy(): Promise<void> {
	assert.equal(typeof globalThis.process.exit, 'function');
	assert.equal(({} as Record<string, unknown>).polluted, undefined);
	const [probe] = await createMapper({ name: 'probe', version: '1.0.0', mapping: { x: 'x' } }, { sandbox }).map([
		{ x: 1 },
	]);
	assert.deepEqual(probe, { status: 'mapped', value: { x: 1 } });
}

describe('sandbox isolation', () => {
	it('an infinite loop fails its record with SANDBOX_TIMEOUT; any other record fails only by time, and maps once the loop is gone', async () => {
		const mapper = hostile('(() => { while (true) {} })()');
		const results = await mapper.map(batch(5));
		assert.equal(results[5].status === 'failed' && results[5].error.code, 'SANDBOX_TIMEOUT');
		// after the loop used up the limit, the records behind it get slices of a sixteenth of it in wall-clock
		// time, so on a loaded machine one of them can be stopped too (docs/security.md, "What still maps")
		const stopped = results.flatMap((result, id) => (id !== 5 && result.status === 'failed' ? [id] : []));
		for (const id of stopped)
			assert.equal(results[id].status === 'failed' && results[id].error.code, 'SANDBOX_TIMEOUT', `record ${id}`);
		results.forEach((result, id) => {
			if (id !== 5 && result.status !== 'failed')
				assert.deepEqual(result, { status: 'mapped', value: { id, out: 'fine' } }, `record ${id}`);
		});
		const again = await mapper.map(stopped.map((id) => ({ id })));
		again.forEach((result, k) =>
			assert.deepEqual(
				result,
				{ status: 'mapped', value: { id: stopped[k], out: 'fine' } },
				`record ${stopped[k]} again`,
			),
		);
		await assertHostAndSandboxHealthy();
	});

	it('a huge allocation fails only its record and the isolate is recreated', async () => {
		const results = await hostile('(() => { const hoard = []; for (;;) hoard.push(new Array(1e6).fill(7)); })()').map(
			batch(3),
		);
		assert.equal(results[3].status, 'failed');
		assert.match(
			results[3].status === 'failed' ? results[3].error.code : '',
			/SANDBOX_MEMORY|SANDBOX_TIMEOUT|MAPPING_FAILED/,
		);
		assertOthersMapped(results, 3);
		await assertHostAndSandboxHealthy();
	});

	it('constructor.constructor("return process")() finds no process', async () => {
		const results = await hostile("constructor.constructor('return process')().exit(1)").map(batch(0));
		assert.equal(results[0].status, 'failed');
		assert.match(results[0].status === 'failed' ? results[0].error.message : '', /undefined|process/);
		assertOthersMapped(results, 0);
		const [typeofProcess] = await createMapper(
			{
				name: 'p',
				version: '1.0.0',
				mapping: { t: { expression: "typeof constructor.constructor('return this')().process" } },
			},
			{ sandbox },
		).map([{}]);
		assert.deepEqual(typeofProcess, { status: 'mapped', value: { t: 'undefined' } });
		await assertHostAndSandboxHealthy();
	});

	it('a value that cannot be serialised fails only its record', async () => {
		const results = await hostile('BigInt(1)').map(batch(4));
		assert.equal(results[4].status === 'failed' && results[4].error.code, 'MAPPING_FAILED');
		assert.match(results[4].status === 'failed' ? results[4].error.message : '', /BigInt/);
		assertOthersMapped(results, 4);
	});

	it('user code finds no sandbox entry point to replace', async () => {
		const results = await hostile(
			"typeof globalThis.__syncBridge + '/' + Object.getOwnPropertyNames(globalThis).filter((name) => /syncBridge|handlebars|jsonpath|jsonLogic/i.test(name)).join()",
		).map(batch(2));
		assert.deepEqual(results[2], { status: 'mapped', value: { id: 2, out: 'undefined/' } });
		assertOthersMapped(results, 2);
		await assertHostAndSandboxHealthy();
	});

	it('prototype-pollution keys in target paths are rejected at compile time', () => {
		for (const key of ['__proto__.polluted', 'a.constructor.prototype', 'prototype']) {
			assert.throws(
				() => createMapper({ name: 'p', version: '1.0.0', mapping: { [key]: { const: 1 } } }, { sandbox }),
				(error: unknown) =>
					error instanceof MappingError && error.code === 'FORBIDDEN_KEY' && error.message.includes(key),
			);
		}
		assert.throws(
			() =>
				createMapper(
					{ name: 'p', version: '1.0.0', mapping: { a: 'a' }, casts: { '__proto__.x': 'int' } },
					{ sandbox },
				),
			MappingError,
		);
	});

	it('__proto__ keys in input records do not pollute and are not followed', async () => {
		const mapper = createMapper(
			{ name: 'p', version: '1.0.0', mapping: { a: '__proto__.polluted', b: 'b' }, passThrough: true },
			{ sandbox },
		);
		const input = JSON.parse('[{"__proto__": {"polluted": "yes"}, "b": 1}, {"b": 2}]') as unknown[];
		const results = await mapper.map(input);
		assert.equal(results[0].status, 'mapped');
		const value = results[0].status === 'mapped' ? results[0].value : {};
		assert.equal(value.a, undefined);
		assert.equal(Object.getPrototypeOf(value), Object.prototype);
		assert.deepEqual(results[1], { status: 'mapped', value: { b: 2 } });
		await assertHostAndSandboxHealthy();
	});

	it('__proto__ source paths neither pollute the host nor read prototypes (projected input)', async () => {
		const mapper = createMapper(
			{ name: 'p', version: '1.0.0', mapping: { a: '__proto__.polluted', b: 'b', c: '{{constructor}}' } },
			{ sandbox },
		);
		const results = await mapper.map([{ b: 1 }]);
		assert.equal(results[0].status, 'failed');
		assert.equal(({} as Record<string, unknown>).polluted, undefined);
		const [ok] = await createMapper(
			{ name: 'p', version: '1.0.0', mapping: { a: '__proto__.polluted', b: 'b' } },
			{ sandbox },
		).map([{ b: 1 }]);
		assert.deepEqual(ok, { status: 'mapped', value: { b: 1 } });
		await assertHostAndSandboxHealthy();
	});

	it('plain {{path}} templates and block templates agree on escaping and missing fields', async () => {
		const record = { a: 'x"y\n', n: 0, list: [1, 2], nil: null };
		const plain = createMapper(
			{ name: 't', version: '1.0.0', mapping: { out: '{{a}}|{{n}}|{{list}}|{{nil}}' } },
			{ sandbox },
		);
		const block = createMapper(
			{ name: 't', version: '1.0.0', mapping: { out: '{{#if true}}{{a}}|{{n}}|{{list}}|{{nil}}{{/if}}' } },
			{ sandbox },
		);
		const [p] = await plain.map([record]);
		const [b] = await block.map([record]);
		assert.deepEqual(p, { status: 'mapped', value: { out: 'x\\"y\\n|0|1,2|' } });
		assert.deepEqual(b, p);
	});

	it('a hostile Handlebars template cannot reach constructors or prototypes', async () => {
		const payloads = [
			'{{#with this.constructor as |c|}}{{c.name}}{{/with}}{{lookup this "__proto__"}}',
			'{{constructor.name}}',
			'{{#with constructor}}{{name}}{{/with}}',
			'{{lookup (lookup this "constructor") "name"}}',
			'{{#each __proto__}}{{@key}}{{/each}}',
		];
		for (const payload of payloads) {
			const mapper = createMapper({ name: 'hb', version: '1.0.0', mapping: { id: 'id', out: payload } }, { sandbox });
			const [result] = await mapper.map([{ id: 0 }]);
			const leaked = result.status === 'mapped' && result.value.out !== '';
			assert.equal(leaked, false, `${payload} produced ${JSON.stringify(result)}`);
			if (result.status === 'failed') assert.equal(result.error.code, 'TEMPLATE_FAILED');
		}
		const strict = createMapper({ name: 'hb', version: '1.0.0', mapping: { id: 'id', out: '{{name}}!' } }, { sandbox });
		const mixed = await strict.map([{ id: 0, name: 'a"b' }, { id: 1 }]);
		assert.deepEqual(mixed[0], { status: 'mapped', value: { id: 0, out: 'a\\"b!' } });
		assert.equal(mixed[1].status === 'failed' && mixed[1].error.code, 'TEMPLATE_FAILED');
		await assertHostAndSandboxHealthy();
	});

	it('a template with an unknown helper is rejected', async () => {
		const mapper = createMapper({ name: 'hb', version: '1.0.0', mapping: { out: '{{evil name}}' } }, { sandbox });
		const [result] = await mapper.map([{ name: 'x' }]);
		assert.equal(result.status, 'failed');
		assert.match(result.status === 'failed' ? result.error.message : '', /evil/);
	});

	it('a JSONPath filter script is refused (eval disabled) while plain JSONPath works', async () => {
		const evil = createMapper(
			{
				name: 'jp',
				version: '1.0.0',
				mapping: { out: "$..[?(@.constructor.constructor('return process')().exit())]" },
			},
			{ sandbox },
		);
		const [failed] = await evil.map([{ a: [{ b: 1 }] }]);
		assert.equal(failed.status === 'failed' && failed.error.code, 'JSONPATH_FAILED');
		const good = createMapper(
			{ name: 'jp', version: '1.0.0', mapping: { names: { jsonPath: '$.people[*].name' } } },
			{ sandbox },
		);
		assert.deepEqual(await good.map([{ people: [{ name: 'a' }, { name: 'b' }] }]), [
			{ status: 'mapped', value: { names: ['a', 'b'] } },
		]);
		await assertHostAndSandboxHealthy();
	});
});

describe('mapping features', () => {
	it('maps dot paths, constants, nested objects, arrays per element, unset, passThrough and expressions', async () => {
		const mapper = createMapper(
			{
				name: 'features',
				version: '1.2.0',
				mapping: {
					'contact.email': 'email',
					'contact.kind': { const: 'person' },
					address: { object: { city: 'addr.city', zip: { path: 'addr.zip' } } },
					lines: { each: 'items', mapping: { sku: 'code', qty: 'n' } },
					total: { expression: 'record.items.reduce((sum, item) => sum + item.n, 0)' },
				},
				casts: { 'lines.0.qty': 'string' },
				unset: ['secret'],
				passThrough: true,
			},
			{ sandbox },
		);
		const [result] = await mapper.map([
			{
				email: 'a@b.c',
				secret: 's',
				addr: { city: 'Utrecht', zip: '1234AB' },
				items: [
					{ code: 'X', n: 2 },
					{ code: 'Y', n: 3 },
				],
			},
		]);
		assert.deepEqual(result, {
			status: 'mapped',
			value: {
				email: 'a@b.c',
				addr: { city: 'Utrecht', zip: '1234AB' },
				items: [
					{ code: 'X', n: 2 },
					{ code: 'Y', n: 3 },
				],
				contact: { email: 'a@b.c', kind: 'person' },
				address: { city: 'Utrecht', zip: '1234AB' },
				lines: [
					{ sku: 'X', qty: '2' },
					{ sku: 'Y', qty: 3 },
				],
				total: 5,
			},
		});
	});

	it('records sent as columns (only the paths read) map exactly like whole records', async () => {
		const mapping = {
			a: 'a',
			ab: 'a.b',
			first: 'list.0',
			t: '{{a.b}}!',
			n: { object: { x: 'a.b.c' } },
			each: { each: 'list', mapping: { v: 'v' } },
			k: { const: { z: 1 } },
		};
		const input: unknown[] = [
			{ a: { b: 'x"y' }, list: [{ v: 1 }, { v: 2 }] },
			{ a: undefined, list: 'one' },
			{ a: () => 1 },
			{ a: new Date(0) },
			{ a: 'string', list: null },
			{ a: { b: { c: [1, { d: null }] } } },
			{ a: [{ b: 1 }], list: [] },
			['not', 'an', 'object'],
			42,
			null,
		];
		const columns = await createMapper({ name: 'c', version: '1.0.0', mapping }, { sandbox }).map(input);
		const whole = await createMapper(
			{ name: 'c', version: '1.0.0', mapping, conditions: { '==': [1, 1] } },
			{ sandbox },
		).map(input);
		assert.deepEqual(columns, whole);
		assert.deepEqual(columns[0], {
			status: 'mapped',
			value: {
				a: { b: 'x"y' },
				ab: 'x"y',
				first: { v: 1 },
				t: 'x\\"y!',
				n: {},
				each: [{ v: 1 }, { v: 2 }],
				k: { z: 1 },
			},
		});
	});

	it('skips records that do not meet the JSON Logic conditions', async () => {
		const mapper = createMapper(
			{ name: 'c', version: '1.0.0', mapping: { id: 'id' }, conditions: { '==': [{ var: 'status' }, 'active'] } },
			{ sandbox },
		);
		const results = await mapper.map([
			{ id: 1, status: 'active' },
			{ id: 2, status: 'gone' },
		]);
		assert.deepEqual(results[0], { status: 'mapped', value: { id: 1 } });
		assert.equal(results[1].status === 'skipped' && results[1].reason.code, 'CONDITIONS_NOT_MET');
	});

	it('fails records that violate the output schema', async () => {
		const mapper = createMapper(
			{
				name: 's',
				version: '1.0.0',
				mapping: { id: 'id' },
				outputSchema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
			},
			{ sandbox },
		);
		const results = await mapper.map([{ id: 1 }, { id: 'x' }, {}]);
		assert.equal(results[0].status, 'mapped');
		assert.equal(results[1].status === 'failed' && results[1].error.code, 'OUTPUT_SCHEMA');
		assert.match(results[2].status === 'failed' ? results[2].error.message : '', /required property 'id'/);
	});
});
