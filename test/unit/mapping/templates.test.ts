import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createMapper, MappingError, MappingSandbox } from '../../../runtime/mapping';

const sandbox = new MappingSandbox({ batchTimeoutMs: 1000, memoryLimitMb: 64 });
after(() => sandbox.dispose());

const templates = [
	'{{a}}',
	'x{{a}}y',
	'{{a.b}}',
	'{{a.b.c}}',
	'{{ a }} and {{\ta.b\n}}',
	'{{~a~}} x {{~a}}',
	'pre "{{a}}" - {{a.b}} post',
	'{{$x}}-{{a-b}}',
	'{{toString}}',
	'{{a.toString}}',
	'{{a.length}}',
	'{{length}}',
	'{{a.hasOwnProperty}}',
	'{{true}}',
	'{{a.true}}',
	'{{a.0}}',
	'{{a.1b}}',
	'{{lookup}}',
	'{{each.x}}',
	'\\{{a}} {{a}}',
	'a}}b{{a}}',
	'{{{a}}}',
	'{{a}}{{a.b}}',
	'no mustache at all {{',
];

const values: unknown[] = [
	'plain',
	'quote " backslash \\ newline \n tab \t',
	'line\u2028separator \u0001 control',
	'<b>Tom & "Jerry"</b> \'x\'',
	'ünïcødé 😀',
	'{{a}}{{a.b}}',
	0,
	-1.5,
	true,
	false,
	null,
	[1, 'two', null],
	[[1, 2], [3]],
	{ b: 'nested "b"', c: 1 },
	{ b: { c: 'deep' }, toString: 'own toString', length: 3 },
	{ b: null },
	{ b: [] },
	{ b: 0 },
	{ b: '' },
];

function records(): unknown[] {
	const list: unknown[] = values.map((a) => ({ a, $x: 'dollar', 'a-b': 'dash', true: 'yes' }));
	// (no null record: Handlebars runs a block over null with an empty context, so the wrapper would differ)
	list.push(
		{},
		{ a: undefined },
		{ toString: 'own', length: 2, lookup: 'l', each: { x: 1 } },
		[1, 2],
		'a string record',
	);
	return list;
}

type Outcome = { compileError: string } | { status: string; value?: unknown; code?: string };

/** Maps every record through the template, or reports the compile error code. Conditions make the isolate read whole records instead of columns. */
async function outcomes(template: string, wholeRecords = false): Promise<Outcome[]> {
	let mapper;
	try {
		const conditions = wholeRecords ? { conditions: { '==': [1, 1] } } : {};
		mapper = createMapper({ name: 't', version: '1.0.0', mapping: { out: template }, ...conditions }, { sandbox });
	} catch (error) {
		if (error instanceof MappingError) return [{ compileError: error.code }];
		throw error;
	}
	return (await mapper.map(records())).map((result) =>
		result.status === 'mapped'
			? { status: 'mapped', value: result.value }
			: { status: result.status, code: result.status === 'failed' ? result.error.code : 'skipped' },
	);
}

describe('plain {{path}} templates', () => {
	it('compile to the same output as strict Handlebars on tricky inputs (escaping, absent fields, non-objects)', async () => {
		for (const template of templates) {
			// a block around the template makes it run through Handlebars itself
			const viaHandlebars = await outcomes(`{{#if true}}${template}{{/if}}`);
			assert.deepEqual(await outcomes(template), viaHandlebars, `template ${JSON.stringify(template)} (columns)`);
			assert.deepEqual(
				await outcomes(template, true),
				viaHandlebars,
				`template ${JSON.stringify(template)} (whole records)`,
			);
		}
	});

	it('never follow forbidden segments, unlike Handlebars (which renders them empty)', async () => {
		for (const template of ['{{constructor}}', '{{a.__proto__}}', '{{prototype}}']) {
			const [result] = await createMapper({ name: 't', version: '1.0.0', mapping: { out: template } }, { sandbox }).map(
				[{ a: {} }],
			);
			assert.equal(result.status === 'failed' && result.error.code, 'TEMPLATE_FAILED', template);
		}
	});
});
