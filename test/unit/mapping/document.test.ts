import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MappingError, parseMappingDocument, validateMappingDocument } from '../../../runtime/mapping';

function rejection(document: unknown): string {
	try {
		validateMappingDocument(document);
	} catch (error) {
		assert.ok(error instanceof MappingError);
		return `${error.code}: ${error.message}`;
	}
	assert.fail('document was accepted');
}

describe('mapping document schema', () => {
	it('accepts a minimal document', () => {
		assert.equal(validateMappingDocument({ name: 'n', version: '1.0.0', mapping: { a: 'b' } }).name, 'n');
	});

	it('names the missing property', () => {
		assert.match(rejection({ name: 'n', mapping: {} }), /INVALID_DOCUMENT: .*must have required property 'version'/);
	});

	it('requires a semver version', () => {
		assert.match(rejection({ name: 'n', version: 'v1', mapping: {} }), /\/version must match pattern/);
	});

	it('rejects unknown top-level properties', () => {
		assert.match(
			rejection({ name: 'n', version: '1.0.0', mapping: {}, extra: 1 }),
			/must NOT have additional properties/,
		);
	});

	it('rejects a value of no known kind', () => {
		assert.match(rejection({ name: 'n', version: '1.0.0', mapping: { a: { script: 'x' } } }), /\/mapping\/a/);
		assert.match(rejection({ name: 'n', version: '1.0.0', mapping: { a: 5 } }), /\/mapping\/a/);
	});

	it('rejects empty key segments and invalid JSON text', () => {
		assert.match(rejection({ name: 'n', version: '1.0.0', mapping: { 'a..b': 'x' } }), /empty segment/);
		assert.throws(
			() => parseMappingDocument('{nope'),
			(error: unknown) => error instanceof MappingError && error.code === 'INVALID_JSON',
		);
	});
});
