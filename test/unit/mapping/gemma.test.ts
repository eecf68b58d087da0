import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createMapper, runExamples, xmlToJson } from '../../../runtime/mapping';

const root = join(__dirname, '..', '..', '..', '..');
const fixtures = join(root, 'test', 'unit', 'mapping', 'fixtures');
const document = JSON.parse(readFileSync(join(root, 'mappers', 'gemma', 'archimate-element-to-object.json'), 'utf8')) as unknown;

describe('GEMMA ArchiMate (OpenConnector synchronization example)', () => {
	it('parses the XML export to the documented JSON', () => {
		const json = xmlToJson(readFileSync(join(fixtures, 'gemma-archimate.xml'), 'utf8'));
		assert.deepEqual(json, JSON.parse(readFileSync(join(fixtures, 'gemma-archimate.json'), 'utf8')));
	});

	it('maps the documented IngeschrevenPersoon element to the documented object', async () => {
		const [result] = await runExamples(document);
		assert.equal(result.passed, true, JSON.stringify(result));
	});

	it('maps every element found at elements.element, id at @attributes.identifier', async () => {
		const json = xmlToJson(readFileSync(join(fixtures, 'gemma-archimate.xml'), 'utf8')) as { elements: { element: unknown[] } };
		const results = await createMapper(document).map(json.elements.element);
		assert.deepEqual(
			results.map((r) => (r.status === 'mapped' ? [r.value.identifier, r.value.properties] : r)),
			[
				['id-009fa62f25844aa3a87d252bf2b6bb0c', { 'propid-1': 'Thema-architectuur Common Ground', 'propid-2': 'a10869bf-a895-4a66-8f81-a4f96c58cc3e' }],
				['id-096b6619f4cd4164a0572b04ef082c0f', { 'propid-1': 'Thema-architectuur Common Ground', 'propid-2': '6868ab87-f5db-40b7-aba6-17b1ba477d54' }],
			],
		);
	});
});
