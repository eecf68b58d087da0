import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { visualParametersOf } from '../../../nodes/SyncBridgeMapper/v2/opened-document';
import { visualSetupOf } from '../../../nodes/SyncBridgeMapper/v2/visual-setup';
import { createMapper, listBundledDocuments, loadBundledDocument, MappingError } from '../../../runtime/mapping';
import { exportMappingDocument } from '../../../runtime/mapping/visual';
import { repoRoot } from '../../../scripts/n8n/paths';

const mappersDir = join(repoRoot, 'mappers');

describe('bundled mapping documents opened in the visual Mapper', () => {
	const bundled = listBundledDocuments(mappersDir).map((entry) => loadBundledDocument(mappersDir, entry.id));

	it('every document either opens and still produces its examples through the visual path, or is refused naming what the editor cannot show', async () => {
		let opened = 0;
		for (const document of bundled) {
			let parameters;
			try {
				parameters = visualParametersOf(document);
			} catch (error) {
				assert.ok(error instanceof MappingError && error.code === 'NOT_VISUAL', `${document.name}: ${String(error)}`);
				assert.match(
					error.message,
					/cannot be opened in the visual editor without losing \S+|cannot be typed in the editor/,
				);
				continue;
			}
			opened += 1;
			// Opened, then written back as a document: every example still maps to its expected output.
			const again = exportMappingDocument(visualSetupOf(parameters, document.name, []).visual, []);
			const examples = document.examples ?? [];
			const results = await createMapper(again).map(examples.map((example) => example.input));
			results.forEach((result, index) =>
				assert.deepEqual(
					result.status === 'mapped' ? result.value : result,
					examples[index].output,
					`${document.name}, example ${index}`,
				),
			);
		}
		assert.ok(opened >= 5, `only ${opened} of ${bundled.length} bundled documents open visually`);
	});

	it('opened and exported again, a document keeps its mapping, casts and defaults', () => {
		for (const document of bundled) {
			let parameters;
			try {
				parameters = visualParametersOf(document);
			} catch {
				continue;
			}
			const again = exportMappingDocument(visualSetupOf(parameters, document.name, []).visual, []);
			assert.equal(again.name, document.name);
			assert.equal(again.version, document.version);
			assert.deepEqual(Object.keys(again.mapping).sort(), Object.keys(flatten(document.mapping)).sort(), document.name);
		}
	});
});

/** `{ address: { object: { city: 'x' } } }` -> `{ 'address.city': 'x' }`, as the editor shows nested objects. */
function flatten(mapping: Record<string, unknown>, prefix = ''): Record<string, unknown> {
	const flat: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(mapping)) {
		if (value !== null && typeof value === 'object' && 'object' in value)
			Object.assign(flat, flatten((value as { object: Record<string, unknown> }).object, `${prefix}${key}.`));
		else flat[prefix + key] = value;
	}
	return flat;
}
