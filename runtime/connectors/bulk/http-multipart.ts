import type { BulkAction, BulkWriteResult } from '../../contracts/bulk-write';
import { SyncBridgeError } from '../../errors';

/** One HTTP request sent as an `application/http` part of a multipart/mixed batch (OData `$batch`, Google's batch endpoint). */
export interface HttpPartRequest {
	method: string;
	/** What the request line names: an absolute path (`/api/data/v9.2/contacts(…)`). */
	target: string;
	headers?: Record<string, string>;
	/** Sent as JSON. */
	body?: Record<string, unknown>;
	/** Headers of the part itself, before the request (Google's `Content-ID`). */
	partHeaders?: Record<string, string>;
}

/** One `application/http` part of a batch answer. */
export interface HttpPartResponse {
	status: number;
	/** Names lower-cased. */
	headers: Record<string, string>;
	/** Parsed JSON, else the text; undefined when empty. */
	body: unknown;
	/** Headers of the part itself, names lower-cased (`content-id`). */
	partHeaders: Record<string, string>;
}

/** A batch call answered 2xx with something that is not a multipart/mixed of HTTP responses. */
export class BatchAnswerError extends SyncBridgeError {
	readonly code = 'API_ERROR';
	constructor(message: string) {
		super(message);
		this.name = 'BatchAnswerError';
	}
}

const CRLF = '\r\n';

/** The body of a multipart/mixed request carrying `parts` (RFC 2046 with CRLF line ends, as OData and Google expect). */
export function encodeHttpParts(boundary: string, parts: readonly HttpPartRequest[]): string {
	const lines: string[] = [];
	for (const part of parts) {
		lines.push(`--${boundary}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary');
		for (const [name, value] of Object.entries(part.partHeaders ?? {})) lines.push(`${name}: ${value}`);
		lines.push('', `${part.method} ${part.target} HTTP/1.1`);
		const headers = { ...part.headers, ...(part.body === undefined ? {} : { 'Content-Type': 'application/json' }) };
		for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
		lines.push('', part.body === undefined ? '' : JSON.stringify(part.body));
	}
	lines.push(`--${boundary}--`, '');
	return lines.join(CRLF);
}

/**
 * The HTTP responses of a multipart/mixed batch answer, in the order they came; the parts of a
 * nested multipart (an OData change set's answer) in its place.
 */
export function parseHttpParts(contentType: string | undefined, body: unknown): HttpPartResponse[] {
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof text !== 'string') throw new BatchAnswerError('The batch was answered without a multipart body');
	const boundary = boundaryOf(contentType) ?? /^\s*--([^\r\n]+?)\s*$/m.exec(text)?.[1];
	if (boundary === undefined) throw new BatchAnswerError('The batch answer names no multipart boundary');
	return splitParts(text, boundary).flatMap((part) => {
		const { head, rest } = splitHead(part);
		const partHeaders = headerLines(head);
		const type = partHeaders['content-type'] ?? '';
		if (/^multipart\/mixed/i.test(type)) return parseHttpParts(type, rest);
		return [{ ...httpResponse(rest), partHeaders }];
	});
}

/** The `boundary` parameter of a multipart Content-Type, quotes removed. */
function boundaryOf(contentType: string | undefined): string | undefined {
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
	return match === null ? undefined : (match[1] ?? match[2]);
}

/** The parts between the first delimiter and the close delimiter, each without its leading line break. */
function splitParts(text: string, boundary: string): string[] {
	const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
	const parts: string[] = [];
	let start: number | undefined;
	for (const match of text.matchAll(delimiter)) {
		if (start !== undefined) parts.push(text.slice(start, match.index).replace(/^\r?\n/, ''));
		if (match[1] !== undefined) return parts;
		start = match.index + match[0].length;
	}
	throw new BatchAnswerError(`The batch answer ends without its closing boundary --${boundary}--`);
}

function httpResponse(message: string): Omit<HttpPartResponse, 'partHeaders'> {
	const { head, rest } = splitHead(message.replace(/^(\r?\n)+/, ''));
	const [statusLine = '', ...lines] = head.split(/\r?\n/);
	const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\b/.exec(statusLine)?.[1];
	if (status === undefined)
		throw new BatchAnswerError(`A part of the batch answer is not an HTTP response: ${statusLine}`);
	const headers = headerLines(lines.join(CRLF));
	return { status: Number(status), headers, body: partBody(rest, headers['content-type']) };
}

function partBody(text: string, contentType: string | undefined): unknown {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	if (contentType !== undefined && !/json/i.test(contentType)) return trimmed;
	try {
		return JSON.parse(trimmed);
	} catch {
		return trimmed;
	}
}

/** Headers up to the first empty line, and what follows it. */
function splitHead(text: string): { head: string; rest: string } {
	if (/^\r?\n/.test(text)) return { head: '', rest: text.replace(/^\r?\n/, '') };
	const blank = /\r?\n\r?\n/.exec(text);
	return blank === null
		? { head: text, rest: '' }
		: { head: text.slice(0, blank.index), rest: text.slice(blank.index + blank[0].length) };
}

function headerLines(head: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of head.split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

/** The result of a write whose part a batch answer lacks: not known written, so sent again later. */
export function unansweredPart(systemName: string, action: BulkAction, batchStatus: number): BulkWriteResult {
	return {
		ok: false,
		status: batchStatus,
		message: `${systemName} answered the batch without an answer for this ${action}`,
		transient: true,
	};
}
