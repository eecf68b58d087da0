import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { createMapper, MappingSandbox } from '../../../runtime/mapping';

const sandbox = new MappingSandbox({ batchTimeoutMs: 2000, memoryLimitMb: 64 });
after(() => sandbox.dispose());

const knownCodes = new Set(['CAST_FAILED', 'TEMPLATE_FAILED', 'MAPPING_FAILED', 'INVALID_RECORD', 'OUTPUT_SCHEMA']);
const keys = fc.constantFrom('a', 'b', 'c', 'id', 'name', '__proto__', 'constructor', 'length', '0');
/** Any value a trigger could deliver, JSON-like but with the awkward corners (holes in keys, -0, big nesting). */
const record = fc.oneof(
	fc.jsonValue({ maxDepth: 4 }),
	fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
);

/** The own-property dot-path read the documentation promises, in plain JS. */
function readPath(value: unknown, path: string): unknown {
	let current = value;
	for (const part of path.split('.')) {
		if (
			current === null ||
			typeof current !== 'object' ||
			['__proto__', 'constructor', 'prototype'].includes(part) ||
			!Object.hasOwn(current, part)
		)
			return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

describe('mapping runtime properties', () => {
	it('any JSON record maps without throwing the batch: one result per record, failures typed', async () => {
		const mappers = [
			createMapper(
				{
					name: 'p',
					version: '1.0.0',
					mapping: { x: 'a.b', t: '{{name}}', n: { expression: 'record && record.id' } },
					casts: { x: 'string' },
				},
				{ sandbox },
			),
			createMapper(
				{
					name: 'p',
					version: '1.0.0',
					mapping: { j: '$.a[*]', c: { const: 1 } },
					passThrough: true,
					casts: { id: 'int' },
				},
				{ sandbox },
			),
			createMapper(
				{
					name: 'p',
					version: '1.0.0',
					mapping: { a: 'a', b: 'b.c' },
					outputSchema: { type: 'object', required: ['a'] },
				},
				{ sandbox },
			),
		];
		await fc.assert(
			fc.asyncProperty(fc.array(record, { maxLength: 20 }), fc.nat(mappers.length - 1), async (records, which) => {
				const results = await mappers[which].map(records);
				assert.equal(results.length, records.length);
				for (const result of results) {
					if (result.status === 'failed') assert.ok(knownCodes.has(result.error.code), result.error.code);
				}
			}),
			{ numRuns: 150 },
		);
	});

	it('path mappings give what a plain-JS own-property read gives, record by record', async () => {
		const path = fc.array(keys, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
		await fc.assert(
			fc.asyncProperty(
				fc.uniqueArray(path, { minLength: 1, maxLength: 4 }),
				fc.array(record, { maxLength: 10 }),
				async (paths, records) => {
					const mapping = Object.fromEntries(paths.map((p, k) => [`t${k}`, p]));
					const results = await createMapper({ name: 'paths', version: '1.0.0', mapping }, { sandbox }).map(records);
					results.forEach((result, i) => {
						const expected: Record<string, unknown> = {};
						paths.forEach((p, k) => {
							const value = readPath(records[i], p);
							if (value !== undefined) expected[`t${k}`] = value;
						});
						assert.deepEqual(result, { status: 'mapped', value: JSON.parse(JSON.stringify(expected)) as unknown });
					});
				},
			),
			{ numRuns: 150 },
		);
	});

	it("documents cannot see each other's records, whatever they map and in whatever order", async () => {
		const spyDocument = {
			name: 'spy',
			version: '1.0.0',
			mapping: {
				seen: {
					expression:
						'(globalThis.seen = (globalThis.seen || []).concat([JSON.stringify(record)]), globalThis.seen.length)',
				},
			},
		};
		const victimDocument = {
			name: 'victim',
			version: '1.0.0',
			mapping: { v: { expression: '(globalThis.seen = (globalThis.seen || []).concat(["victim"]), record)' } },
		};
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.tuple(fc.boolean(), fc.array(record, { minLength: 1, maxLength: 5 })), {
					minLength: 1,
					maxLength: 6,
				}),
				async (steps) => {
					const spy = createMapper(spyDocument, { sandbox });
					const victim = createMapper(victimDocument, { sandbox });
					let spied = 0;
					for (const [bySpy, records] of steps) {
						const results = await (bySpy ? spy : victim).map(records);
						if (!bySpy) continue;
						// the spy's global holds exactly the records it mapped itself, never the victim's
						spied += records.length;
						const last = results[results.length - 1];
						assert.deepEqual(last, { status: 'mapped', value: { seen: spied } });
					}
				},
			),
			{ numRuns: 60 },
		);
	});
});
