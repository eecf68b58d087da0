import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	buildRequest,
	encodeForm,
	extractId,
	extractResults,
	nextPage,
	parseResponseBody,
	readPath,
	readRateLimit,
	unavailableReason,
	failureUnavailableReason,
	writeCsvExport,
	type BuiltRequest,
	type ConnectorDescriptor,
} from '../../../runtime/connectors';

const request = (url: string, pageState?: BuiltRequest['pageState']): BuiltRequest => ({
	method: 'GET',
	url,
	headers: {},
	...(pageState ? { pageState } : {}),
});

describe('extractResults', () => {
	it('uses _root, a dot path, or the first common key holding an array', () => {
		assert.deepEqual(extractResults([{ id: 1 }], '_root'), [{ id: 1 }]);
		assert.deepEqual(extractResults({ data: { items: [1, 2] } }, 'data.items'), [1, 2]);
		assert.deepEqual(extractResults({ results: [3], data: [4] }), [3]);
		assert.deepEqual(extractResults({ items: 'not a list', result: [5] }), [5]);
		assert.deepEqual(extractResults({ value: [6] }), [6]);
		assert.deepEqual(extractResults([7, 8]), [7, 8]);
		assert.deepEqual(extractResults({ nothing: [] }), []);
	});

	it('treats one object where a list belongs as a list of one, and absence as empty', () => {
		assert.deepEqual(extractResults({ event: { id: 'e1' } }, 'event'), [{ id: 'e1' }]);
		assert.deepEqual(extractResults({ events: '' }, 'event'), []);
		assert.deepEqual(extractResults(undefined), []);
	});
});

describe('readPath and extractId', () => {
	it('reads keys that contain dots, and array indexes', () => {
		assert.equal(readPath({ '@odata.nextLink': 'n' }, '@odata.nextLink'), 'n');
		assert.equal(readPath({ a: { 'b.c': { d: 1 } } }, 'a.b.c.d'), 1);
		assert.equal(readPath([{ message: 'm' }], '0.message'), 'm');
		assert.equal(readPath({ a: 1 }, 'a.b'), undefined);
	});

	it('returns ids as strings, undefined when absent or not scalar', () => {
		assert.equal(extractId({ node: { dbId: 42 } }, 'node.dbId'), '42');
		assert.equal(extractId({ '@attributes': { identifier: 'id-1' } }, '@attributes.identifier'), 'id-1');
		assert.equal(extractId({ id: '' }), undefined);
		assert.equal(extractId({ id: { nested: true } }), undefined);
	});
});

describe('encodeForm', () => {
	it('uses bracket notation for objects and arrays, empty for null, skips undefined', () => {
		assert.equal(
			encodeForm({
				email: 'a b@x.test',
				metadata: { app_id: 7, empty: null },
				tags: ['x', 'y'],
				skip: undefined,
				address: { line1: 'Storgata 1' },
			}),
			'email=a+b%40x.test&metadata%5Bapp_id%5D=7&metadata%5Bempty%5D=&tags%5B0%5D=x&tags%5B1%5D=y&address%5Bline1%5D=Storgata+1',
		);
	});
});

describe('nextPage', () => {
	it('page: next number until a short or empty page', () => {
		const pagination = { style: 'page', param: 'page', sizeParam: 'size', size: 2, startsAt: 0 } as const;
		assert.deepEqual(
			nextPage(pagination, request('http://h/x', { query: { page: '0', size: '2' } }), { body: {}, records: [1, 2] }),
			{ query: { page: '1', size: '2' } },
		);
		assert.equal(nextPage(pagination, request('http://h/x'), { body: {}, records: [1] }), null);
		assert.equal(nextPage({ style: 'page', param: 'p' }, request('http://h/x'), { body: {}, records: [] }), null);
	});

	it('offset: advances by the records received', () => {
		const pagination = { style: 'offset', param: 'offset', limitParam: 'limit', limit: 2 } as const;
		assert.deepEqual(
			nextPage(pagination, request('http://h/x', { query: { offset: '4', limit: '2' } }), {
				body: {},
				records: [1, 2],
			}),
			{ query: { offset: '6', limit: '2' } },
		);
		assert.equal(nextPage(pagination, request('http://h/x'), { body: {}, records: [1] }), null);
	});

	it('cursor: stops when has_more is false, takes the cursor from the body or the last record', () => {
		const stripe = {
			style: 'cursor',
			param: 'starting_after',
			cursorFromRecord: 'id',
			hasMorePosition: 'has_more',
		} as const;
		assert.equal(nextPage(stripe, request('http://h/x'), { body: { has_more: false }, records: [{ id: 'a' }] }), null);
		assert.deepEqual(
			nextPage(stripe, request('http://h/x'), { body: { has_more: true }, records: [{ id: 'a' }, { id: 'b' }] }),
			{ query: { starting_after: 'b' } },
		);
		const body = { style: 'cursor', param: 'cursor', cursorPosition: 'meta.next' } as const;
		assert.deepEqual(nextPage(body, request('http://h/x'), { body: { meta: { next: 'c2' } }, records: [1] }), {
			query: { cursor: 'c2' },
		});
		assert.equal(nextPage(body, request('http://h/x'), { body: { meta: { next: null } }, records: [1] }), null);
	});

	it('nextLink: resolves relative links, stops when absent, refuses another origin', () => {
		const salesforce = { style: 'nextLink', position: 'nextRecordsUrl' } as const;
		assert.deepEqual(
			nextPage(salesforce, request('https://my.salesforce.test/services/data/v60.0/query?q=x'), {
				body: { nextRecordsUrl: '/services/data/v60.0/query/01g-2000' },
				records: [1],
			}),
			{
				url: 'https://my.salesforce.test/services/data/v60.0/query/01g-2000',
			},
		);
		assert.equal(
			nextPage(salesforce, request('https://my.salesforce.test/q'), { body: { done: true }, records: [1] }),
			null,
		);
		assert.throws(
			() =>
				nextPage({ style: 'nextLink', position: '@odata.nextLink' }, request('https://org.crm4.dynamics.test/api'), {
					body: { '@odata.nextLink': 'https://evil.test/steal' },
					records: [1],
				}),
			/another origin/,
		);
		assert.deepEqual(
			nextPage({ style: 'nextLink', position: 'nextPageToken', tokenParam: 'pageToken' }, request('https://g.test/e'), {
				body: { nextPageToken: 't2' },
				records: [],
			}),
			{ query: { pageToken: 't2' } },
		);
	});
});

describe('readRateLimit', () => {
	const now = Date.parse('2025-01-01T00:00:00Z');
	it('reads remaining, limit, reset (seconds or epoch) and Retry-After (seconds or HTTP date)', () => {
		assert.deepEqual(
			readRateLimit(
				{ 'X-Remaining': '4', 'x-limit': '10', 'x-reset': '30', 'Retry-After': '2' },
				{ rateLimit: { remainingHeader: 'x-remaining', limitHeader: 'x-limit', resetHeader: 'x-reset' } },
				now,
			),
			{
				limit: 10,
				remaining: 4,
				resetAt: now + 30_000,
				retryAfterMs: 2000,
			},
		);
		assert.deepEqual(
			readRateLimit(
				{ 'retry-after': 'Wed, 01 Jan 2025 00:01:00 GMT', 'x-reset': '1735689700' },
				{ rateLimit: { resetHeader: 'x-reset', resetKind: 'epochSeconds' } },
				now,
			),
			{
				resetAt: 1_735_689_700_000,
				retryAfterMs: 60_000,
			},
		);
		assert.deepEqual(
			readRateLimit(
				{ 'sforce-limit-info': 'api-usage=25/15000' },
				{ rateLimit: { usageHeader: 'Sforce-Limit-Info' } },
				now,
			),
			{ limit: 15000, remaining: 14975 },
		);
		assert.deepEqual(
			readRateLimit(
				{ 'retry-after': 'soon', 'x-remaining': 'many' },
				{ rateLimit: { remainingHeader: 'x-remaining' } },
				now,
			),
			{},
		);
	});
});

describe('buildRequest', () => {
	const descriptor: ConnectorDescriptor = {
		id: 'demo',
		displayName: 'Demo',
		baseUrl: '{{baseUrl}}/api/',
		auth: { kind: 'basic', usernameField: 'user', passwordField: 'password' },
		pagination: { style: 'none' },
		idempotencyHeader: 'Idempotency-Key',
		resources: {
			things: {
				displayName: 'Thing',
				idPosition: 'id',
				operations: {
					get: { method: 'GET', path: '/things/{id}' },
					create: { method: 'POST', path: '/things', bodyEncoding: 'xml', xmlRoot: 'thing' },
				},
			},
		},
	};
	const credentials = { baseUrl: 'https://demo.test/', user: 'u', password: 'p' };

	it('fills placeholders, encodes the id as one segment, and signs with basic auth', () => {
		const built = buildRequest(descriptor, 'things', 'get', {
			credentials,
			id: 'a/b c',
			query: { expand: 'all' },
			idempotencyKey: 'k',
		});
		assert.equal(built.url, 'https://demo.test/api/things/a%2Fb%20c?expand=all');
		assert.equal(built.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
		assert.equal(built.headers['idempotency-key'], undefined);
		assert.equal(built.body, undefined);
	});

	it('encodes XML bodies with attributes, and sends the idempotency key on writes', () => {
		const built = buildRequest(descriptor, 'things', 'create', {
			credentials,
			idempotencyKey: 'k1',
			body: { '@attributes': { id: 't1' }, name: 'A & B' },
		});
		assert.equal(built.headers['content-type'], 'application/xml');
		assert.equal(built.body, '<?xml version="1.0" encoding="UTF-8"?><thing id="t1"><name>A &amp; B</name></thing>');
		assert.equal(built.headers['idempotency-key'], 'k1');
	});

	it('says what is missing', () => {
		assert.throws(
			() => buildRequest(descriptor, 'things', 'get', { credentials: { ...credentials, baseUrl: '' }, id: '1' }),
			/no value for 'baseUrl'/,
		);
		assert.throws(() => buildRequest(descriptor, 'things', 'get', { credentials }), /needs a value for 'id'/);
		assert.throws(
			() => buildRequest(descriptor, 'things', 'delete', { credentials, id: '1' }),
			/has no 'delete' operation \(it has: get, create\)/,
		);
		assert.throws(() => buildRequest(descriptor, 'widgets', 'get', { credentials, id: '1' }), /no resource 'widgets'/);
	});

	it('puts records under the batch key of an operation that takes batches: one body as a batch of one', () => {
		const batching: ConnectorDescriptor = {
			...descriptor,
			auth: { kind: 'none' },
			resources: {
				things: {
					displayName: 'Thing',
					idPosition: 'id',
					operations: {
						create: { method: 'POST', path: '/things/export', batchKey: 'things' },
						update: { method: 'PUT', path: '/things/{id}' },
					},
				},
			},
		};
		assert.equal(
			buildRequest(batching, 'things', 'create', { credentials, body: { n: 1 } }).body,
			'{"things":[{"n":1}]}',
		);
		assert.equal(
			buildRequest(batching, 'things', 'create', { credentials, batch: [{ n: 1 }, { n: 2 }] }).body,
			'{"things":[{"n":1},{"n":2}]}',
		);
		assert.equal(buildRequest(batching, 'things', 'update', { credentials, id: '1', body: { n: 1 } }).body, '{"n":1}');
		assert.throws(
			() => buildRequest(batching, 'things', 'update', { credentials, id: '1', batch: [{ n: 1 }] }),
			/takes one record, not a batch/,
		);
	});
});

describe('parseResponseBody', () => {
	it('parses by content type', () => {
		assert.deepEqual(parseResponseBody('{"a":1}', 'application/json; charset=utf-8'), { a: 1 });
		assert.deepEqual(parseResponseBody('<r><i id="1">x</i></r>', 'text/xml'), {
			i: { '@attributes': { id: '1' }, '#text': 'x' },
		});
		assert.equal(parseResponseBody('', 'application/json'), undefined);
		assert.equal(parseResponseBody('plain', 'text/plain'), 'plain');
	});
});

describe('CSV export', () => {
	it('quotes delimiters, quotes and line breaks; writes objects as JSON and absent values empty', () => {
		const csv = writeCsvExport([{ a: 'x,y', b: 'say "hi"', c: 'line\nbreak', d: { n: 1 } }, { a: null }], {
			fileName: 'f.csv',
			columns: [
				{ header: 'A', path: 'a' },
				{ header: 'B', path: 'b' },
				{ header: 'C', path: 'c' },
				{ header: 'D', path: 'd' },
			],
		});
		assert.equal(csv, 'A,B,C,D\r\n"x,y","say ""hi""","line\nbreak","{""n"":1}"\r\n,,,\r\n');
	});

	it('writes numbers with the decimal separator the importing spreadsheet reads; text stays as it is', () => {
		const spec = {
			fileName: 'f.csv',
			columns: [
				{ header: 'Timer', path: 'hours' },
				{ header: 'Kode', path: 'code' },
			],
			delimiter: ';' as const,
			decimalSeparator: ',' as const,
		};
		assert.equal(
			writeCsvExport([{ hours: 2.5, code: '1.5' }, { hours: 3, code: 'x' }, { hours: -0.25 }], spec),
			'Timer;Kode\r\n2,5;1.5\r\n3;x\r\n-0,25;\r\n',
		);
	});

	it('decides unavailability only for network errors, 5xx and 404', () => {
		assert.equal(unavailableReason({ kind: 'networkError', error: new Error('ECONNREFUSED') }), 'networkError');
		assert.equal(unavailableReason({ kind: 'response', status: 503 }), 'serverError');
		assert.equal(unavailableReason({ kind: 'response', status: 404 }), 'endpointNotFound');
		assert.equal(unavailableReason({ kind: 'response', status: 429 }), undefined);
		assert.equal(unavailableReason({ kind: 'response', status: 201 }), undefined);
	});

	it('reads the same rule from a failed write: outages and open circuits, never rejections or throttling', () => {
		assert.equal(failureUnavailableReason({ code: 'RETRY_EXHAUSTED', httpStatus: 503 }), 'serverError');
		assert.equal(
			failureUnavailableReason({ code: 'RETRY_EXHAUSTED' }),
			'networkError',
			'every attempt failed before a response',
		);
		assert.equal(failureUnavailableReason({ code: 'NETWORK_ERROR' }), 'networkError');
		assert.equal(failureUnavailableReason({ code: 'CIRCUIT_OPEN' }), 'circuitOpen');
		assert.equal(failureUnavailableReason({ code: 'PERMANENT_HTTP_ERROR', httpStatus: 404 }), 'endpointNotFound');
		assert.equal(failureUnavailableReason({ code: 'RETRY_EXHAUSTED', httpStatus: 429 }), undefined);
		assert.equal(failureUnavailableReason({ code: 'PERMANENT_HTTP_ERROR', httpStatus: 400 }), undefined);
		assert.equal(failureUnavailableReason({ code: 'PERMANENT_HTTP_ERROR' }), undefined);
		assert.equal(failureUnavailableReason({ code: 'MISSING_TARGET_ID' }), undefined);
	});
});
