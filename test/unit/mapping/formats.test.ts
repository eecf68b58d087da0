import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MappingError, parseCsv, toCsv, xmlToJson } from '../../../runtime/mapping';

const isCode = (code: string) => (error: unknown) => error instanceof MappingError && error.code === code;

describe('xmlToJson', () => {
	it('groups attributes under @attributes and mixed text under #text, leaves entities unexpanded', () => {
		const json = xmlToJson('<r id="1"><a x="y">text</a><b>1</b><b>2</b><c>&lt;&amp;</c></r>');
		assert.deepEqual(json, {
			'@attributes': { id: '1' },
			a: { '@attributes': { x: 'y' }, '#text': 'text' },
			b: ['1', '2'],
			c: '&lt;&amp;',
		});
	});

	it('refuses DOCTYPE (entity definitions) outright', () => {
		assert.throws(() => xmlToJson('<!DOCTYPE r [<!ENTITY x "boom">]><r>&x;</r>'), isCode('XML_DOCTYPE'));
	});

	it('enforces the size limit', () => {
		assert.throws(
			() => xmlToJson(`<r>${'a'.repeat(2000)}</r>`, { maxBytes: 1000 }),
			(error: unknown) => isCode('XML_TOO_LARGE')(error) && /1000/.test((error as Error).message),
		);
	});

	it('enforces the depth limit', () => {
		const deep = '<a>'.repeat(20) + '</a>'.repeat(20);
		assert.throws(
			() => xmlToJson(deep, { maxDepth: 10 }),
			(error: unknown) => isCode('XML_TOO_DEEP')(error) && /limit of 10 levels/.test((error as Error).message),
		);
		assert.doesNotThrow(() => xmlToJson(deep, { maxDepth: 20 }));
		assert.throws(() => xmlToJson('<r>' + deep + '</r>', { maxDepth: 20 }), isCode('XML_TOO_DEEP'));
	});

	it('enforces the depth limit in the parser: processing instructions and non-ASCII names do not hide depth', () => {
		const deep = '<a>'.repeat(200) + '</a>'.repeat(200);
		const hiding = [
			`<?pi ${'</a>'.repeat(200)}?>${deep}`,
			`<r><?x </r></r></r>?>${deep}</r>`,
			`${'<é>'.repeat(200)}${'</é>'.repeat(200)}`,
			`${'<数据>'.repeat(200)}${'</数据>'.repeat(200)}`,
		];
		for (const xml of hiding)
			assert.throws(() => xmlToJson(xml, { maxDepth: 64 }), isCode('XML_TOO_DEEP'), xml.slice(0, 40));
		assert.deepEqual(xmlToJson('<r><?pi x?><é>1</é></r>'), { é: '1' });
	});

	it('reports malformed XML', () => {
		assert.throws(() => xmlToJson('<r><a></r>'), isCode('XML_INVALID'));
	});
});

describe('CSV', () => {
	const records = [
		{ id: '1', name: 'Smith, John', note: 'said "hi"\nthen left' },
		{ id: '2', name: 'Ann', note: '' },
	];

	it('writes quotes, commas and newlines per RFC 4180', () => {
		assert.equal(toCsv(records), 'id,name,note\r\n1,"Smith, John","said ""hi""\nthen left"\r\n2,Ann,\r\n');
		assert.equal(
			toCsv(records, { lineEnding: '\n' }),
			'id,name,note\n1,"Smith, John","said ""hi""\nthen left"\n2,Ann,\n',
		);
	});

	it('round-trips through parseCsv', () => {
		assert.deepEqual(
			parseCsv(toCsv(records)).map((r) => ({ ...r })),
			records,
		);
		assert.deepEqual(
			parseCsv(toCsv(records, { delimiter: ';' }), { delimiter: ';' }).map((r) => ({ ...r })),
			records,
		);
	});

	it('parses LF files with a BOM and rejects ragged rows and open quotes', () => {
		assert.deepEqual(
			parseCsv('\ufeffa,b\n1,2\n').map((r) => ({ ...r })),
			[{ a: '1', b: '2' }],
		);
		assert.throws(() => parseCsv('a,b\n1\n'), isCode('CSV_INVALID'));
		assert.throws(() => parseCsv('a\n"open\n'), isCode('CSV_INVALID'));
	});

	it('does not let a __proto__ header pollute', () => {
		const [row] = parseCsv('__proto__,b\nx,y\n');
		assert.equal(({} as Record<string, unknown>).b, undefined);
		assert.equal(row.b, 'y');
	});
});
