import { XMLParser } from 'fast-xml-parser';

/**
 * Parses an XML response the way OpenConnector does: attributes under `@attributes`, element text
 * under `#text` (only when the element also has attributes or children), entities left unexpanded,
 * values kept as strings, and the root element unwrapped so paths start inside it
 * (`elements.element`, not `model.elements.element`).
 */
const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '',
	attributesGroupName: '@attributes',
	textNodeName: '#text',
	processEntities: false,
	htmlEntities: false,
	parseTagValue: false,
	parseAttributeValue: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	trimValues: true,
});

export function parseXmlBody(xml: string): unknown {
	const document = parser.parse(xml) as Record<string, unknown>;
	const roots = Object.keys(document);
	return roots.length === 1 ? document[roots[0]] : document;
}
