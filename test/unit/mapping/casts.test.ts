import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMapper, MappingError, MappingSandbox } from '../../../runtime/mapping';

const sandbox = new MappingSandbox({ batchTimeoutMs: 1000, memoryLimitMb: 64 });
after(() => sandbox.dispose());

/** Maps `{ v: input }` through one cast chain and returns the mapped `v` (or the failure). */
async function cast(
	spec: string | string[],
	input: unknown,
): Promise<{ value?: unknown; present: boolean; error?: string }> {
	const mapper = createMapper(
		{ name: 'cast', version: '1.0.0', mapping: { v: 'v', k: { const: 1 } }, casts: { v: spec } },
		{ sandbox },
	);
	const [result] = await mapper.map([{ v: input }]);
	if (result.status !== 'mapped')
		return { present: false, error: result.status === 'failed' ? result.error.code : 'skipped' };
	return { present: 'v' in result.value, value: result.value.v };
}

describe('casts', () => {
	const cases: [string | string[], unknown, unknown][] = [
		['string', 12, '12'],
		['string', { a: 1 }, '{"a":1}'],
		['bool', 'true', true],
		['bool', '0', false],
		['bool', 1, true],
		['?bool', null, null],
		['?bool', 'yes', true],
		['?bool', 'false', false],
		['int', '42', 42],
		['int', 3.9, 3],
		['int', '', null],
		['float', '3.25', 3.25],
		['array', 'x', ['x']],
		['array', ['x'], ['x']],
		['array', null, []],
		['date', '2024-03-05T10:20:30+02:00', '2024-03-05T08:20:30.000Z'],
		['date:YYYY-MM-DD', '2024-03-05T10:20:30Z', '2024-03-05'],
		['date:DD/MM/YYYY HH:mm', 1709634030, '05/03/2024 10:20'],
		['url', 'a b&c/é', 'a%20b%26c%2F%C3%A9'],
		['urlDecode', 'a%20b+c%C3%A9', 'a b cé'],
		['html', '<a href="x">Tom & \'Jerry\'</a>', '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;'],
		['htmlDecode', '&lt;b&gt; &amp; &#233;&#x41;&quot; &bogus;', '<b> & éA" &bogus;'],
		['base64', 'héllo wörld', 'aMOpbGxvIHfDtnJsZA=='],
		['base64Decode', 'aMOpbGxvIHfDtnJsZA==', 'héllo wörld'],
		['base64', 'ab', 'YWI='],
		['json', { a: [1, 2] }, '{"a":[1,2]}'],
		['jsonToArray', '{"a":[1,2]}', { a: [1, 2] }],
		['jsonToArray', '[1,"x"]', [1, 'x']],
		['nullStringToNull', 'NULL', null],
		['nullStringToNull', 'nullable', 'nullable'],
		['setNullIfValue==0', '0', null],
		['setNullIfValue==0', 5, 5],
		['countValue', [1, 2, 3], 3],
		['countValue', { a: 1, b: 2 }, 2],
		['countValue', null, 0],
		['moneyStringToInt', '12.34', 1234],
		['moneyStringToInt', '€ 1.234,5', 123450],
		['moneyStringToInt', '-7', -700],
		['intToMoneyString', 1234, '12.34'],
		['intToMoneyString', -5, '-0.05'],
		[['string', 'int'], 7.0, 7],
	];
	for (const [spec, input, expected] of cases) {
		it(`${JSON.stringify(spec)} maps ${JSON.stringify(input)} to ${JSON.stringify(expected)}`, async () => {
			const result = await cast(spec, input);
			assert.equal(result.error, undefined);
			assert.deepEqual(result.value, expected);
		});
	}

	it('unsetIfValue removes the field when the value matches and keeps it otherwise', async () => {
		assert.deepEqual(await cast('unsetIfValue==n/a', 'n/a'), { present: false, value: undefined });
		assert.deepEqual(await cast('unsetIfValue==n/a', 'x'), { present: true, value: 'x' });
		assert.deepEqual(await cast(['unsetIfValue==', 'int'], ''), { present: false, value: undefined });
	});

	it('keyCantBeValue removes a value equal to its own key', async () => {
		assert.deepEqual(await cast('keyCantBeValue', 'v'), { present: false, value: undefined });
		assert.deepEqual(await cast('keyCantBeValue', 'w'), { present: true, value: 'w' });
	});

	it('fails the record with CAST_FAILED when a value cannot be cast', async () => {
		assert.equal((await cast('int', 'abc')).error, 'CAST_FAILED');
		assert.equal((await cast('float', 'x1')).error, 'CAST_FAILED');
		assert.equal((await cast('date', 'not a date')).error, 'CAST_FAILED');
		assert.equal((await cast('jsonToArray', '{broken')).error, 'CAST_FAILED');
		assert.equal((await cast('base64Decode', '***')).error, 'CAST_FAILED');
		assert.equal((await cast('intToMoneyString', 1.5)).error, 'CAST_FAILED');
	});

	it('rejects an unknown cast when the document is compiled, naming cast and field', () => {
		assert.throws(
			() =>
				createMapper(
					{ name: 'c', version: '1.0.0', mapping: { v: 'v' }, casts: { v: ['int', 'integer'] } },
					{ sandbox },
				),
			(error: unknown) =>
				error instanceof MappingError && error.code === 'UNKNOWN_CAST' && /"integer".*"v"/.test(error.message),
		);
		assert.throws(
			() =>
				createMapper({ name: 'c', version: '1.0.0', mapping: { v: 'v' }, casts: { v: 'unsetIfValue' } }, { sandbox }),
			(error: unknown) => error instanceof MappingError && error.code === 'UNKNOWN_CAST',
		);
	});
});
