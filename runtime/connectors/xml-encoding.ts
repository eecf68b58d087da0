import { XMLBuilder } from 'fast-xml-parser';

const builder = new XMLBuilder({
	ignoreAttributes: false,
	attributeNamePrefix: '',
	attributesGroupName: '@attributes',
	textNodeName: '#text',
	suppressEmptyNode: true,
	processEntities: true,
});

/** The inverse of parseXmlBody: `@attributes` become attributes, `#text` the element's text. */
export function encodeXml(body: Record<string, unknown>, rootName: string): string {
	return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ [rootName]: body }) as string}`;
}
