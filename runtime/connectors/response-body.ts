import { parseXmlBody } from './xml-body';

/**
 * Turns a response's text into data: XML when the Content-Type says so (or the connector answers
 * XML), JSON otherwise; an empty body is `undefined`.
 */
export function parseResponseBody(text: string, contentType = '', format: 'json' | 'xml' = 'json'): unknown {
	if (text.trim() === '') return undefined;
	const type = contentType.toLowerCase();
	if (/[/+]xml\b/.test(type) || (format === 'xml' && !type.includes('json'))) return parseXmlBody(text);
	if (type === '' || type.includes('json')) return JSON.parse(text);
	return text;
}
