import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	builtInConnectors,
	ConnectorDescriptorError,
	createGenericConnector,
	descriptorProblems,
	extractId,
	extractResults,
	parseXmlBody,
} from '../../../runtime/connectors';
import { FakeCityCalendar } from '../../fakes/systems/fake-city-calendar';
import { fetchAll } from './connector-client';

const openConnectorStyle = {
	id: 'municipal-events',
	displayName: 'Municipal events (XML)',
	baseUrl: '{{baseUrl}}',
	auth: { kind: 'apiKeyHeader', name: 'X-API-Key', field: 'apiKey' },
	responseFormat: 'xml',
	pagination: { style: 'page', param: 'page', sizeParam: 'per_page', size: 4 },
	resources: {
		events: {
			displayName: 'Event',
			idPosition: '@attributes.id',
			resultsPosition: 'event',
			operations: { list: { method: 'GET', path: '/events.xml' } },
		},
	},
};

/** The example descriptor as a loosely typed object, to break it in tests. */
type Mutable = { resources: { events: { operations: Record<string, { method: string; path: string }> } } };

function problemsOf(input: unknown): string[] {
	try {
		createGenericConnector(input);
		return [];
	} catch (error) {
		assert.ok(error instanceof ConnectorDescriptorError);
		assert.match(error.message, /^Invalid connector descriptor:\n- /);
		return error.problems;
	}
}

describe('generic connector', () => {
	const city = new FakeCityCalendar();
	before(async () => {
		await city.start();
		city.seedEvents(10);
	});
	after(() => city.stop());

	it('runs a user-supplied XML descriptor against a live source', async () => {
		const connector = createGenericConnector(openConnectorStyle);
		assert.equal(connector.credentialType, 'syncBridgeApiKeyApi');
		const { records, requests } = await fetchAll(connector, 'events', {
			credentials: { baseUrl: city.url, apiKey: city.apiKey },
		});
		assert.equal(requests.length, 3);
		assert.deepEqual(
			records.map((record) => extractId(record, '@attributes.id')),
			city.events.map((event) => event.id),
		);
		assert.equal(requests[0].headers.accept, 'application/xml');
	});

	it('accepts every built-in descriptor', () => {
		for (const descriptor of Object.values(builtInConnectors))
			assert.deepEqual(descriptorProblems(descriptor), [], descriptor.id);
		assert.equal(Object.keys(builtInConnectors).length, 8);
	});

	it('names every problem with its location', () => {
		assert.deepEqual(problemsOf({ ...openConnectorStyle, baseUrl: undefined }), [
			"descriptor: missing required property 'baseUrl'",
		]);
		assert.deepEqual(problemsOf({ ...openConnectorStyle, baseUrl: 'ftp://example.test' }), [
			'baseUrl: must start with http:// or https:// (or a {{credential}} placeholder)',
		]);
		assert.deepEqual(problemsOf({ ...openConnectorStyle, pagination: { style: 'pages' } }), [
			'pagination.style: must be one of "none", "page", "offset", "cursor", "nextLink"',
		]);
		assert.deepEqual(problemsOf({ ...openConnectorStyle, pagination: { style: 'page' } }), [
			"pagination: missing required property 'param'",
		]);
		assert.deepEqual(
			problemsOf({ ...openConnectorStyle, auth: { kind: 'apiKeyHeader', name: 'X API Key', field: 'apiKey' } }),
			["auth.name: does not match ^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"],
		);
		assert.deepEqual(problemsOf({ ...openConnectorStyle, extra: true }), ["descriptor: unknown property 'extra'"]);
	});

	it('reports operations and paths that cannot work', () => {
		const badOperation = structuredClone(openConnectorStyle) as unknown as Mutable;
		badOperation.resources.events.operations.fetch = { method: 'GET', path: '/x' };
		assert.ok(problemsOf(badOperation).some((problem) => problem.includes("unknown operation 'fetch'")));

		const noId = structuredClone(openConnectorStyle) as unknown as Mutable;
		noId.resources.events.operations.get = { method: 'GET', path: '/events' };
		assert.deepEqual(problemsOf(noId), ["resources.events.operations.get.path: must contain {id} (got '/events')"]);

		const badMethod = structuredClone(openConnectorStyle) as unknown as Mutable;
		badMethod.resources.events.operations.list.method = 'FETCH';
		assert.deepEqual(problemsOf(badMethod), [
			'resources.events.operations.list.method: must be one of "GET", "POST", "PUT", "PATCH", "DELETE"',
		]);
	});

	it('requires exactly one cursor source', () => {
		assert.deepEqual(problemsOf({ ...openConnectorStyle, pagination: { style: 'cursor', param: 'after' } }), [
			'pagination: cursor pagination needs exactly one of cursorPosition (in the response) or cursorFromRecord (in the last record)',
		]);
	});

	it('lists several problems at once', () => {
		const problems = problemsOf({
			id: 'Bad Id',
			displayName: '',
			auth: { kind: 'bearer' },
			pagination: { style: 'none' },
			resources: {},
		});
		assert.ok(problems.length >= 4, problems.join('\n'));
		assert.ok(problems.includes("descriptor: missing required property 'baseUrl'"));
		assert.ok(problems.includes("auth: missing required property 'tokenField'"));
	});

	it('reads the OpenConnector XML example: results at elements.element, ids at @attributes.identifier', () => {
		const xml = `<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" identifier="id-d474">
  <name xml:lang="nl">GEMMA</name>
  <elements>
    <element identifier="id-009f" xsi:type="Capability"><name xml:lang="nl">Publiceren</name>
      <properties><property propertyDefinitionRef="propid-1"><value xml:lang="nl">Common Ground</value></property></properties>
    </element>
    <element identifier="id-096b" xsi:type="Capability"><name xml:lang="nl">Regie &quot;op&quot; gegevens</name></element>
  </elements>
</model>`;
		const body = parseXmlBody(xml);
		const elements = extractResults(body, 'elements.element');
		assert.deepEqual(
			elements.map((element) => extractId(element, '@attributes.identifier')),
			['id-009f', 'id-096b'],
		);
		assert.equal(extractId(body, '@attributes.identifier'), 'id-d474');
		// The Mapper's reader: xml:lang dropped, so a name reads as its text, entities left as written.
		assert.equal((elements[1] as { name: string }).name, 'Regie &quot;op&quot; gegevens');
	});
});
