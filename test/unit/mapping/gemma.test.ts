import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseXmlBody } from '../../../runtime/connectors';
import { createMapper, runExamples, withArrayPaths, xmlToJson } from '../../../runtime/mapping';

const root = join(__dirname, '..', '..', '..', '..');
const fixtures = join(root, 'test', 'unit', 'mapping', 'fixtures');
const document = JSON.parse(
	readFileSync(join(root, 'mappers', 'gemma', 'archimate-element-to-object.json'), 'utf8'),
) as unknown;

describe('GEMMA ArchiMate (OpenConnector synchronization example)', () => {
	// The fixtures are the XML and JSON of OpenConnector's synchronization page (seed 004), as published;
	// the XML keeps the space the page's JSON shows at the end of the first documentation line.
	it('parses the XML export to the documented JSON, by the Mapper and by a connector alike', () => {
		const xml = readFileSync(join(fixtures, 'gemma-archimate.xml'), 'utf8');
		const documented = JSON.parse(readFileSync(join(fixtures, 'gemma-archimate.json'), 'utf8')) as unknown;
		assert.deepEqual(xmlToJson(xml), documented);
		assert.deepEqual(parseXmlBody(xml), documented, "one XML reader: a REST response reads as the Mapper's input does");
	});

	it('reads an element with xml:lang and one without the same: its text', () => {
		const json = xmlToJson(
			'<model><name xml:lang="nl">GEMMA</name><documentation>Zonder taal</documentation><value xml:lang="en" id="v">x</value></model>',
		);
		assert.deepEqual(json, {
			name: 'GEMMA',
			documentation: 'Zonder taal',
			value: { '@attributes': { id: 'v' }, '#text': 'x' },
		});
	});

	it('an element with a single <property> maps like one with several: the document names properties.property an array path', async () => {
		const xml = readFileSync(join(fixtures, 'gemma-archimate.xml'), 'utf8').replace(
			/<property propertyDefinitionRef="propid-1">\s*<value xml:lang="nl">Thema-architectuur Common Ground<\/value>\s*<\/property>/g,
			'',
		);
		const [single] = (xmlToJson(xml) as { elements: { element: { properties: { property: unknown } }[] } }).elements
			.element;
		assert.equal(
			Array.isArray(single.properties.property),
			false,
			'XML alone cannot tell one child from a list of one',
		);
		const [mapped] = await createMapper(document).map([single]);
		assert.deepEqual(mapped.status === 'mapped' && mapped.value.properties, {
			'propid-2': 'a10869bf-a895-4a66-8f81-a4f96c58cc3e',
		});
		const [withoutArrayPaths] = await createMapper({ ...(document as object), arrayPaths: undefined }).map([single]);
		assert.equal(
			withoutArrayPaths.status,
			'failed',
			"without it, #each walks the one property's fields and the JSON cast fails",
		);
		assert.deepEqual(withArrayPaths({ a: { b: 1 }, c: [{ d: 'x' }, { d: ['y'] }] }, ['a.b', 'c.d', 'missing.path']), {
			a: { b: [1] },
			c: [{ d: ['x'] }, { d: ['y'] }],
		});
	});

	it('maps the documented IngeschrevenPersoon element to the documented object', async () => {
		const [result] = await runExamples(document);
		assert.equal(result.passed, true, JSON.stringify(result));
	});

	it('maps every element found at elements.element, id at @attributes.identifier', async () => {
		const json = xmlToJson(readFileSync(join(fixtures, 'gemma-archimate.xml'), 'utf8')) as {
			elements: { element: unknown[] };
		};
		const results = await createMapper(document).map(json.elements.element);
		assert.deepEqual(
			results.map((r) => (r.status === 'mapped' ? [r.value.identifier, r.value.properties] : r)),
			[
				[
					'id-009fa62f25844aa3a87d252bf2b6bb0c',
					{ 'propid-1': 'Thema-architectuur Common Ground', 'propid-2': 'a10869bf-a895-4a66-8f81-a4f96c58cc3e' },
				],
				[
					'id-096b6619f4cd4164a0572b04ef082c0f',
					{ 'propid-1': 'Thema-architectuur Common Ground', 'propid-2': '6868ab87-f5db-40b7-aba6-17b1ba477d54' },
				],
			],
		);
	});
});
