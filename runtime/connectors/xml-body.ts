import { xmlToJson } from '../mapping/xml';

/**
 * An XML response read by the one XML reader, the Mapper's (`xmlToJson`, docs/mapping.md): the root
 * element unwrapped so paths start inside it (`elements.element`, not `model.elements.element`),
 * attributes under `@attributes`, `xml:lang` and namespace declarations dropped.
 */
export function parseXmlBody(xml: string): unknown {
	return xmlToJson(xml);
}
