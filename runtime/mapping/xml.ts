import { XMLParser } from 'fast-xml-parser';
import { MappingError } from './mapping-error';

export interface XmlLimits {
	maxBytes?: number;
	maxDepth?: number;
}

const ignoredAttribute = /^(xmlns(:.*)?|xml:.*|xsi:schemaLocation)$/;

/** Nesting depth of the element tree, measured before parsing so a hostile document never reaches the parser. */
function depthOf(xml: string): number {
	let depth = 0;
	let max = 0;
	const tag = /<(\/?)([A-Za-z_][^\s/>]*)[^>]*?(\/?)>|<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
	for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
		if (m[2] === undefined) continue;
		if (m[1]) depth--;
		else if (!m[3]) max = Math.max(max, ++depth);
	}
	return max;
}

/**
 * XML -> JSON as the synchronization documents describe it: the root element's content, attributes under
 * `@attributes`, text beside attributes under `#text`, entities left unexpanded, namespace declarations dropped.
 */
export function xmlToJson(xml: string, limits: XmlLimits = {}): Record<string, unknown> {
	const maxBytes = limits.maxBytes ?? 10 * 1024 * 1024;
	const maxDepth = limits.maxDepth ?? 64;
	const size = Buffer.byteLength(xml, 'utf8');
	if (size > maxBytes) throw new MappingError('XML_TOO_LARGE', `XML input is ${size} bytes, more than the limit of ${maxBytes}`);
	if (/<!DOCTYPE/i.test(xml)) throw new MappingError('XML_DOCTYPE', 'XML input with a DOCTYPE is refused (entities are off)');
	const depth = depthOf(xml);
	if (depth > maxDepth) throw new MappingError('XML_TOO_DEEP', `XML input nests ${depth} levels, more than the limit of ${maxDepth}`);
	const parser = new XMLParser({
		ignoreAttributes: (name: string) => ignoredAttribute.test(name),
		attributeNamePrefix: '',
		attributesGroupName: '@attributes',
		textNodeName: '#text',
		processEntities: false,
		htmlEntities: false,
		ignoreDeclaration: true,
		ignorePiTags: true,
		parseTagValue: false,
		parseAttributeValue: false,
		trimValues: true,
	});
	let parsed: Record<string, unknown> = {};
	let failure: string | undefined;
	try {
		parsed = parser.parse(xml, true) as Record<string, unknown>;
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	if (failure !== undefined) throw new MappingError('XML_INVALID', `XML input is not well-formed: ${failure}`);
	const roots = Object.keys(parsed);
	if (roots.length !== 1) throw new MappingError('XML_INVALID', 'XML input must have exactly one root element');
	const root = parsed[roots[0]];
	return root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : { '#text': root };
}
