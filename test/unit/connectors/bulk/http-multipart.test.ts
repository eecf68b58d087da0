import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { BatchAnswerError, parseHttpParts } from '../../../../runtime/connectors/bulk/http-multipart';

describe('reading a multipart/mixed batch answer', () => {
	it('flattens a change set answer in its place and reads status, headers and JSON body of every part', () => {
		// Shaped like the answers in Dataverse's batch article: a change set, then a request of its own.
		const answer = [
			'--batchresponse_1',
			'Content-Type: multipart/mixed; boundary=changesetresponse_2',
			'',
			'--changesetresponse_2',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'Content-ID: 1',
			'',
			'HTTP/1.1 204 No Content',
			'OData-Version: 4.0',
			'OData-EntityId: https://org.example/api/data/v9.2/tasks(e73ffc82-e292-ed11-aad1-000d3a9933c9)',
			'',
			'',
			'--changesetresponse_2--',
			'--batchresponse_1',
			'Content-Type: application/http',
			'Content-Transfer-Encoding: binary',
			'',
			'HTTP/1.1 400 Bad Request',
			'Content-Type: application/json; odata.metadata=minimal',
			'',
			'{"error":{"code":"0x80044331","message":"A validation error occurred."}}',
			'--batchresponse_1--',
			'',
		].join('\r\n');
		const parts = parseHttpParts('multipart/mixed; boundary=batchresponse_1', answer);

		assert.deepEqual(
			parts.map((part) => [part.status, part.partHeaders['content-id']]),
			[
				[204, '1'],
				[400, undefined],
			],
		);
		assert.equal(
			parts[0].headers['odata-entityid'],
			'https://org.example/api/data/v9.2/tasks(e73ffc82-e292-ed11-aad1-000d3a9933c9)',
		);
		assert.equal(parts[0].body, undefined);
		assert.deepEqual(parts[1].body, { error: { code: '0x80044331', message: 'A validation error occurred.' } });
	});

	it('takes bare LF line ends and a quoted boundary, or the boundary of the first line when the header has none', () => {
		const answer =
			'--b_1\nContent-Type: application/http\n\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{"id":"x1"}\n--b_1--\n';
		assert.deepEqual(parseHttpParts('multipart/mixed; boundary="b_1"', answer)[0].body, { id: 'x1' });
		assert.equal(parseHttpParts(undefined, answer)[0].status, 200);
	});

	it('an answer that is not a complete multipart is a typed error, not a guess', () => {
		assert.throws(
			() =>
				parseHttpParts(
					'multipart/mixed; boundary=b',
					'--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n',
				),
			(error: unknown) => error instanceof BatchAnswerError && error.code === 'API_ERROR',
		);
		assert.throws(() => parseHttpParts('application/json', { error: 'x' }), BatchAnswerError);
	});
});
