import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMapper, MappingError, runExamples } from '../../../runtime/mapping';
import {
	autoMatch,
	compileVisualMapping,
	dragExpressionOf,
	exportMappingDocument,
	fieldProblems,
	fieldSourceOf,
	openMappingDocument,
	parsePastedDocument,
	withComputedValues,
	type VisualField,
	type VisualMapping,
} from '../../../runtime/mapping/visual';

const field = (id: string, raw: unknown, extra: Partial<VisualField> = {}): VisualField => ({
	id,
	source: fieldSourceOf(raw),
	origin: 'user',
	...extra,
});
const visual = (fields: VisualField[], keepInputFields = false): VisualMapping => ({
	name: 'visual',
	version: '1.0.0',
	fields,
	keepInputFields,
});

function codeOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof MappingError, String(error));
		return `${error.code}: ${error.message}`;
	}
	assert.fail('no error');
}

describe('visual mapping: what a field holds', () => {
	it('reads a drag from the input panel as a path, in every accessor spelling n8n produces', () => {
		assert.deepEqual(fieldSourceOf('={{ $json.email }}'), { kind: 'path', segments: [{ key: 'email' }] });
		assert.deepEqual(fieldSourceOf('={{ $json.address.city }}'), {
			kind: 'path',
			segments: [{ key: 'address' }, { key: 'city' }],
		});
		assert.deepEqual(fieldSourceOf('={{ $json["first name"].x[0] }}'), {
			kind: 'path',
			segments: [{ key: 'first name' }, { key: 'x' }, { index: 0 }],
		});
		assert.deepEqual(fieldSourceOf("={{$json['@odata.etag']}}"), { kind: 'path', segments: [{ key: '@odata.etag' }] });
	});

	it('leaves anything beyond a plain path to n8n, and reads fixed values as constants', () => {
		assert.equal(fieldSourceOf('={{ $json.a + 1 }}').kind, 'expression');
		assert.equal(fieldSourceOf("={{ $('Webhook').item.json.a }}").kind, 'expression');
		assert.equal(fieldSourceOf('=Hi {{ $json.name }}').kind, 'expression');
		assert.equal(fieldSourceOf('={{ $json.a }} {{ $json.b }}').kind, 'expression');
		assert.equal(fieldSourceOf('={{ $json["it\'s"] }}').kind, 'expression');
		assert.deepEqual(fieldSourceOf('person'), { kind: 'constant', value: 'person' });
		assert.deepEqual(fieldSourceOf(12), { kind: 'constant', value: 12 });
		assert.deepEqual(fieldSourceOf(''), { kind: 'empty' });
		assert.deepEqual(fieldSourceOf(null), { kind: 'empty' });
	});

	it('writes paths back as the expression a drag makes', () => {
		assert.equal(dragExpressionOf([{ key: 'a' }, { key: 'b c' }, { index: 2 }]), '={{ $json.a["b c"][2] }}');
		const segments = [{ key: 'x' }, { key: 'odd.key' }, { index: 0 }];
		assert.deepEqual(fieldSourceOf(dragExpressionOf(segments)), { kind: 'path', segments });
	});
});

describe('visual mapping: compiled to a sandboxed document', () => {
	it('maps drags, constants, casts and defaults for a whole batch in the sandbox', async () => {
		const { document, computed } = compileVisualMapping(
			visual([
				field('email', '={{ $json.contact.email }}'),
				field('name', '={{ $json["full name"] }}'),
				field('metadata.source', 'app'),
				field('balance', '={{ $json.amount }}', { casts: ['moneyStringToInt'] }),
				field('phone', '={{ $json.phone }}', { default: 'unknown' }),
				field('etag', "={{ $json['@odata.etag'] }}"),
			]),
		);
		assert.equal(computed.length, 0, 'plain drags need no n8n evaluation');
		const results = await createMapper(document).map([
			{ contact: { email: 'a@x.test' }, 'full name': 'Ada', amount: '12.50', phone: '', '@odata.etag': 'W/"1"' },
			{ contact: {}, 'full name': 'Bob', amount: '1', phone: '+47' },
		]);
		assert.deepEqual(results, [
			{
				status: 'mapped',
				value: {
					email: 'a@x.test',
					name: 'Ada',
					metadata: { source: 'app' },
					balance: 1250,
					phone: 'unknown',
					etag: 'W/"1"',
				},
			},
			{ status: 'mapped', value: { name: 'Bob', metadata: { source: 'app' }, balance: 100, phone: '+47' } },
		]);
	});

	it('writes defaults in the sandbox after the casts, before the output schema is checked', async () => {
		const document = {
			name: 'd',
			version: '1.0.0',
			mapping: { phone: 'phone', tier: 'tier' },
			casts: { tier: 'nullStringToNull' },
			defaults: { phone: 'n/a', tier: 'basic' },
			outputSchema: { type: 'object', required: ['phone'] },
		};
		const results = await createMapper(document).map([{ tier: 'null' }, { phone: '+47', tier: 'gold' }]);
		assert.deepEqual(results, [
			{ status: 'mapped', value: { phone: 'n/a', tier: 'basic' } },
			{ status: 'mapped', value: { phone: '+47', tier: 'gold' } },
		]);
	});

	it('keeps an OData annotation key whole while other dotted keys nest', async () => {
		const { document } = compileVisualMapping(
			visual([field('new_Contact@odata.bind', '/contacts(1)'), field('address.city', '={{ $json.city }}')]),
		);
		const [result] = await createMapper(document).map([{ city: 'Oslo' }]);
		assert.deepEqual(result, {
			status: 'mapped',
			value: { 'new_Contact@odata.bind': '/contacts(1)', address: { city: 'Oslo' } },
		});
	});

	it('takes values n8n computed for other expressions, and never leaks their carrier into the output', async () => {
		const { document, computed } = compileVisualMapping(
			visual([field('id', '={{ $json.id }}'), field('greeting', '=Hi {{ $json.name }}')], true),
		);
		assert.deepEqual(
			computed.map((c) => [c.id, c.text]),
			[['greeting', 'Hi {{ $json.name }}']],
		);
		const [result] = await createMapper(document).map([
			withComputedValues({ id: 7, name: 'Ada' }, { [computed[0].slot]: 'Hi Ada' }),
		]);
		assert.deepEqual(result, { status: 'mapped', value: { id: 7, name: 'Ada', greeting: 'Hi Ada' } });
	});
});

describe('visual mapping: auto-map', () => {
	it('pairs names that differ in case and separators, preferring an exact name', () => {
		const matches = autoMatch(
			['FirstName', 'last_name', 'email', 'address.city', 'Phone'],
			['first_name', 'lastName', 'E-Mail', 'email', 'addressCity', 'Phone', 'phone'],
		);
		assert.deepEqual(Object.fromEntries(matches), {
			FirstName: 'first_name',
			last_name: 'lastName',
			email: 'email',
			'address.city': 'addressCity',
			Phone: 'Phone',
		});
	});

	it('leaves targets without a partner out', () => {
		assert.deepEqual([...autoMatch(['Company'], ['firstName'])], []);
	});
});

describe('visual mapping: field checks', () => {
	const schema = [
		{ id: 'LastName', displayName: 'Last Name', type: 'string' as const, required: true },
		{ id: 'Age', displayName: 'Age', type: 'number' as const },
		{ id: 'Level', displayName: 'Level', type: 'options' as const, options: [{ name: 'Gold', value: 'gold' }] },
		{ id: 'Id', displayName: 'Id', type: 'string' as const, required: true, readOnly: true },
	];

	it('names missing required fields and mistyped values, with the cast that converts them', () => {
		const problems = fieldProblems({ Age: '42', Level: 'silver' }, schema);
		assert.deepEqual(
			problems.map((p) => [p.field, p.code]),
			[
				['LastName', 'REQUIRED_FIELD_MISSING'],
				['Age', 'TYPE_MISMATCH'],
				['Level', 'TYPE_MISMATCH'],
			],
		);
		assert.match(problems[1].message, /takes a number, got string "42"; the cast "float" converts it/);
		assert.match(problems[2].message, /one of "gold"/);
	});

	it('accepts a record that fits', () => {
		assert.deepEqual(fieldProblems({ LastName: 'Lovelace', Age: 36, Level: 'gold' }, schema), []);
	});
});

describe('visual mapping: round trip with mapping documents', () => {
	it('exports a visual mapping as a document whose examples pass in the sandbox', async () => {
		const mapping = visual([
			field('email', '={{ $json.email }}'),
			field('total', '={{ $json.items.length * 2 }}'),
			field('tier', 'basic', { casts: ['string'] }),
			field('phone', '={{ $json.phone }}', { default: 'n/a' }),
		]);
		const input = { email: 'a@x.test', items: [1, 2] };
		const document = exportMappingDocument(mapping, [
			{ input, output: { email: 'a@x.test', total: 4, tier: 'basic', phone: 'n/a' } },
		]);
		assert.deepEqual(document.mapping.total, { expression: 'record.items.length * 2' });
		assert.deepEqual(document.defaults, { phone: 'n/a' });
		const examples = await runExamples(document);
		assert.deepEqual(
			examples.map((e) => e.passed),
			[true],
		);
	});

	it('refuses to export what only n8n can evaluate, naming the field', () => {
		assert.match(
			codeOf(() => exportMappingDocument(visual([field('at', '={{ $now.toISO() }}')]), [])),
			/NOT_EXPORTABLE: Field "at".*\$json/,
		);
		assert.match(
			codeOf(() => exportMappingDocument(visual([field('x', '=a {{ $json.b + 1 }}')]), [])),
			/NOT_EXPORTABLE: Field "x".*mixes text and expressions other than plain \$json paths/,
		);
		assert.deepEqual(
			exportMappingDocument(visual([field('x', '=Hi {{ $json.first }} {{ $json.address.city }}')]), []).mapping.x,
			{ template: 'Hi {{{first}}} {{{address.city}}}' },
		);
	});

	it('opens a document as editor fields, and the editor fields compile back to the same results', async () => {
		const document = {
			name: 'doc',
			version: '1.0.0',
			mapping: {
				email: 'contact.email',
				name: '{{first}} {{last}}',
				kind: { const: 'person' },
				odata: { jsonPath: "$['`@odata.id']" },
				address: { object: { city: 'addr.city' } },
			},
			casts: { kind: 'string' },
		};
		const opened = openMappingDocument(document);
		assert.deepEqual(
			opened.map((f) => [f.id, f.raw]),
			[
				['email', '={{ $json.contact.email }}'],
				['name', '={{ $json.first }} {{ $json.last }}'],
				['kind', 'person'],
				['odata', '={{ $json["@odata.id"] }}'],
				['address.city', '={{ $json.addr.city }}'],
			],
		);
		assert.deepEqual(opened.find((f) => f.id === 'kind')?.casts, ['string']);
		const record = {
			contact: { email: 'e@x.test' },
			first: 'Ada',
			last: 'L',
			'@odata.id': 'o1',
			addr: { city: 'Oslo' },
		};
		const reopened = compileVisualMapping(
			visual(opened.filter((f) => f.id !== 'name').map((f) => field(f.id, f.raw, { casts: f.casts }))),
		);
		const [original] = await createMapper(document).map([record]);
		const [again] = await createMapper(reopened.document).map([record]);
		const { name, ...withoutName } = (original as { value: Record<string, unknown> }).value;
		assert.equal(name, 'Ada L');
		assert.deepEqual(again, { status: 'mapped', value: withoutName });
	});

	it('refuses to open what the editor cannot show, listing every part, so nothing is dropped', () => {
		const message = codeOf(() =>
			openMappingDocument({
				name: 'd',
				version: '1.0.0',
				mapping: { a: 'a', lines: { each: 'items', mapping: { x: 'x' } }, t: { expression: 'record.a' } },
				conditions: { '==': [1, 1] },
			}),
		);
		assert.match(message, /NOT_VISUAL: .*lines, t, conditions/);
	});
});

describe('pasted mapping documents', () => {
	const doc = { name: 'p', version: '1.0.0', mapping: { greeting: 'Hello {{first_name}}', email: 'email' } };

	it('keeps Handlebars templates when n8n marked the pasted text as an expression', async () => {
		const parsed = parsePastedDocument(`=${JSON.stringify(doc)}`);
		assert.deepEqual(parsed.mapping, doc.mapping);
		const [result] = await createMapper(parsed).map([{ first_name: 'Ada', email: 'a@x.test' }]);
		assert.deepEqual(result, { status: 'mapped', value: { greeting: 'Hello Ada', email: 'a@x.test' } });
	});

	it('refuses an n8n expression inside a document, naming the field', () => {
		const dragged = { ...doc, mapping: { ...doc.mapping, email: '{{ $json.contact.email }}' } };
		assert.match(
			codeOf(() => parsePastedDocument(`=${JSON.stringify(dragged)}`)),
			/N8N_EXPRESSION_IN_DOCUMENT: Field "mapping.email" holds the n8n expression "\{\{ \$json.contact.email \}\}"/,
		);
		assert.match(
			codeOf(() => parsePastedDocument('{"name": "x",')),
			/INVALID_JSON/,
		);
	});
});
