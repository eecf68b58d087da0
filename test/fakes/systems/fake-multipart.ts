import { STATUS_CODES } from 'node:http';
import type { FakeResponse } from './fake-server';

/**
 * multipart/mixed batches of `application/http` parts as the fakes read and answer them (OData
 * `$batch`, Google's batch endpoint): RFC 2046 bodies, CRLF or bare LF line ends, nested multiparts
 * (OData change sets). Written for the fakes alone, so a writer's own encoder is checked against
 * another reading of the format.
 */

/** One HTTP request carried in a part. */
export interface CarriedRequest {
	method: string;
	/** As the request line names it: a path, a URL, or (OData) a path relative to the service root or `$<Content-ID>`. */
	target: string;
	/** Names lower-cased. */
	headers: Record<string, string>;
	body: string;
}

/** One part of a batch: an HTTP request, or a nested multipart (an OData change set). */
export interface BatchPart {
	/** The part's own headers, names lower-cased. */
	headers: Record<string, string>;
	request?: CarriedRequest;
	parts?: BatchPart[];
}

/** The parts of a multipart/mixed request body, or what is wrong with it. */
export function readBatchParts(contentType: string | undefined, body: string): BatchPart[] | Error {
	if (!/^multipart\/mixed\b/i.test(contentType ?? ''))
		return new Error(`A batch is sent as multipart/mixed, not ${contentType ?? 'without a Content-Type'}`);
	const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	if (boundary === null) return new Error('The multipart/mixed Content-Type names no boundary');
	const sections = sectionsOf(body, boundary[1] ?? boundary[2]);
	if (sections instanceof Error) return sections;
	const parts: BatchPart[] = [];
	for (const section of sections) {
		const [head, content] = headAndRest(section);
		const headers = headerMap(head);
		const type = headers['content-type'] ?? '';
		if (/^multipart\/mixed\b/i.test(type)) {
			const nested = readBatchParts(type, content);
			if (nested instanceof Error) return nested;
			parts.push({ headers, parts: nested });
		} else if (/^application\/http\b/i.test(type)) {
			const request = carriedRequest(content);
			if (request instanceof Error) return request;
			parts.push({ headers, request });
		} else {
			return new Error(`A batch part must be application/http or multipart/mixed, not '${type}'`);
		}
	}
	return parts;
}

/** A multipart/mixed body of already written parts. */
export function multipartBody(boundary: string, parts: readonly string[]): string {
	return `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`;
}

/** An `application/http` part answering one carried request. */
export function httpResponsePart(response: FakeResponse, partHeaders: Record<string, string> = {}): string {
	const headers: Record<string, string> = { ...response.headers };
	let payload = '';
	if (response.body !== undefined) {
		payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
		headers['Content-Type'] =
			response.contentType ??
			(typeof response.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=UTF-8');
	}
	const lines = [
		'Content-Type: application/http',
		'Content-Transfer-Encoding: binary',
		...Object.entries(partHeaders).map(([name, value]) => `${name}: ${value}`),
		'',
		`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd(),
		...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
		'',
		payload,
	];
	return lines.join('\r\n');
}

/** A nested multipart/mixed part (an OData change set's answer). */
export function nestedPart(boundary: string, parts: readonly string[]): string {
	return `Content-Type: multipart/mixed; boundary=${boundary}\r\n\r\n${multipartBody(boundary, parts)}`;
}

function sectionsOf(body: string, boundary: string): string[] | Error {
	const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
	const sections: string[] = [];
	let start: number | undefined;
	for (const match of body.matchAll(delimiter)) {
		if (start !== undefined) sections.push(body.slice(start, match.index));
		if (match[1] !== undefined) return sections;
		start = match.index + match[0].length;
	}
	return new Error(`The multipart body does not end with --${boundary}--`);
}

function carriedRequest(content: string): CarriedRequest | Error {
	const [head, body] = headAndRest(content.replace(/^(\r?\n)+/, ''));
	const [requestLine = '', ...headerLines] = head.split(/\r?\n/);
	const match = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(requestLine.trim());
	if (match === null) return new Error(`A batch part does not start with an HTTP request line: '${requestLine}'`);
	return { method: match[1], target: match[2], headers: headerMap(headerLines.join('\n')), body: body.trim() };
}

/** The header block up to the first empty line, and what follows it. */
function headAndRest(text: string): [string, string] {
	const blank = /(?:^|\r?\n)\r?\n/.exec(text);
	return blank === null ? [text, ''] : [text.slice(0, blank.index), text.slice(blank.index + blank[0].length)];
}

function headerMap(head: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of head.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}
