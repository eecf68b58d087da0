import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listBundledDocuments, loadBundledDocument, MappingError, runExamples } from '../../../runtime/mapping';

const mappersDir = join(__dirname, '..', '..', '..', '..', 'mappers');
const systems = [
	'stripe',
	'salesforce',
	'google-calendar',
	'dynamics365',
	'xledger',
	'cornerstone',
	'consio',
	'city-calendar',
	'gemma',
];

describe('bundled mapping documents', () => {
	const documents = listBundledDocuments(mappersDir);

	it('covers every system', () => {
		for (const system of systems)
			assert.ok(
				documents.some((d) => d.id.startsWith(`${system}/`)),
				`no document for ${system}`,
			);
	});

	for (const { id } of documents) {
		it(`${id}: every example maps to its expected output`, async () => {
			const document = loadBundledDocument(mappersDir, id);
			assert.ok((document.examples ?? []).length >= 1, 'document has no examples');
			for (const result of await runExamples(document)) {
				assert.deepEqual(result.error, undefined, `example ${result.index}: ${JSON.stringify(result.error)}`);
				assert.deepEqual(result.actual, result.expected, `example ${result.index} of ${id}`);
			}
		});
	}

	it('the examples runner reports a wrong expectation as failed', async () => {
		const document = JSON.parse(readFileSync(join(mappersDir, documents[0].id), 'utf8')) as {
			examples: { output: unknown }[];
		};
		document.examples[0].output = { wrong: true };
		const [result] = await runExamples(document);
		assert.equal(result.passed, false);
	});

	it('refuses ids that leave the mappers folder', () => {
		assert.throws(() => loadBundledDocument(mappersDir, '../package.json'), MappingError);
	});
});
