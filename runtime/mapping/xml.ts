import { XMLParser } from 'fast-xml-parser';
import { MappingError } from './mapping-error';

export interface XmlLimits {
	maxBytes?: number;
	maxDepth?: number;
}

/** fast-xml-parser's message when an element opens beyond maxNestedTags. */
const tooDeep = 'Maximum nested tags exceeded';
const ignoredAttribute = /^(xmlns(:.*)?|xml:.*|xsi:schemaLocation)$/;

/**
 * XML -> JSON as the synchronization documents describe it: the root element's content, attributes under
 * `@attributes`, text beside attributes under `#text`, entities left unexpanded, namespace declarations dropped.
 */
export function xmlToJson(xml: string, limits: XmlLimits = {}): Record<string, unknown> {
	const maxBytes = limits.maxBytes ?? 10 * 1024 * 1024;
	const maxDepth = limits.maxDepth ?? 64;
	const size = Buffer.byteLength(xml, 'utf8');
	if (size > maxBytes)
		throw new MappingError('XML_TOO_LARGE', `XML input is ${size} bytes, more than the limit of ${maxBytes}`);
	if (/<!DOCTYPE/i.test(xml))
		throw new MappingError('XML_DOCTYPE', 'XML input with a DOCTYPE is refused (entities are off)');
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
		// the parser counts open elements itself (those enclosing the one it opens, hence - 1), so nothing it skips (processing instructions, comments, CDATA) hides depth
		maxNestedTags: maxDepth - 1,
	});
	let parsed: Record<string, unknown> = {};
	let failure: string | undefined;
	try {
		parsed = parser.parse(xml, true) as Record<string, unknown>;
	} catch (error) {
		failure = error instanceof Error ? error.message : String(error);
	}
	if (failure === tooDeep)
		throw new MappingError('XML_TOO_DEEP', `XML input nests more than the limit of ${maxDepth} levels`);
	if (failure !== undefined) throw new MappingError('XML_INVALID', `XML input is not well-formed: ${failure}`);
	const roots = Object.keys(parsed);
	if (roots.length !== 1) throw new MappingError('XML_INVALID', 'XML input must have exactly one root element');
	const root = parsed[roots[0]];
	return root !== null && typeof root === 'object' ? (root as Record<string, unknown>) : { '#text': root };
}
