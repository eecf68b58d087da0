import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { verifyStaticHeaderKey } from '../../../runtime/webhooks/static-header-key';
import type { VerificationResult } from '../../../runtime/webhooks/verification-result';

const KEY = 'k3y-0123456789abcdef-long-enough';
const payload = JSON.stringify({ data: { id: 42 }, type: 'appointment.approved' });

function reasonCode(result: VerificationResult): string {
	return result.ok ? 'ok' : result.reason.code;
}

describe('static header key', () => {
	test('the key in the default X-Webhook-Key header is accepted', () => {
		const result = verifyStaticHeaderKey({ headers: { 'x-webhook-key': KEY }, rawBody: payload }, { secrets: [KEY] });
		assert.deepEqual(result, { ok: true, eventId: undefined });
	});

	test('the header name is configurable and matched case-insensitively', () => {
		const result = verifyStaticHeaderKey(
			{ headers: { 'x-api-key': KEY }, rawBody: payload },
			{ secrets: [KEY], headerName: 'X-API-Key' },
		);
		assert.equal(result.ok, true);
		const wrongHeader = verifyStaticHeaderKey(
			{ headers: { 'x-webhook-key': KEY }, rawBody: payload },
			{ secrets: [KEY], headerName: 'X-API-Key' },
		);
		assert.equal(reasonCode(wrongHeader), 'missing_header');
	});

	test('the body is not signed: a changed body with the right key is still accepted', () => {
		const result = verifyStaticHeaderKey(
			{ headers: { 'x-webhook-key': KEY }, rawBody: '{"anything":true}' },
			{ secrets: [KEY] },
		);
		assert.equal(result.ok, true);
	});

	test('a wrong key is refused, including prefixes and extensions of the right one', () => {
		for (const sent of ['wrong', KEY.slice(0, -1), `${KEY}x`, KEY.toUpperCase()]) {
			assert.equal(
				reasonCode(verifyStaticHeaderKey({ headers: { 'x-webhook-key': sent }, rawBody: payload }, { secrets: [KEY] })),
				'signature_mismatch',
				sent,
			);
		}
	});

	test('rotation: either configured key is accepted', () => {
		const secrets = [KEY, 'previous-key-0123456789'];
		assert.equal(
			verifyStaticHeaderKey({ headers: { 'x-webhook-key': 'previous-key-0123456789' }, rawBody: payload }, { secrets })
				.ok,
			true,
		);
	});

	test('a missing or empty header is refused with missing_header', () => {
		assert.equal(
			reasonCode(verifyStaticHeaderKey({ headers: {}, rawBody: payload }, { secrets: [KEY] })),
			'missing_header',
		);
		assert.equal(
			reasonCode(verifyStaticHeaderKey({ headers: { 'x-webhook-key': '  ' }, rawBody: payload }, { secrets: [KEY] })),
			'missing_header',
		);
	});

	test('a key header sent twice is malformed', () => {
		const result = verifyStaticHeaderKey(
			{ headers: { 'x-webhook-key': [KEY, 'other'] }, rawBody: payload },
			{ secrets: [KEY] },
		);
		assert.equal(reasonCode(result), 'malformed_header');
	});

	test('no key configured refuses everything, even an empty key', () => {
		assert.equal(
			reasonCode(verifyStaticHeaderKey({ headers: { 'x-webhook-key': KEY }, rawBody: payload }, { secrets: [] })),
			'missing_secret',
		);
		assert.equal(
			reasonCode(verifyStaticHeaderKey({ headers: { 'x-webhook-key': '' }, rawBody: payload }, { secrets: [] })),
			'missing_secret',
		);
	});

	test('the event id comes from a configured header or a JSON path', () => {
		const headers = { 'x-webhook-key': KEY, 'x-event-id': 'evt-7' };
		const fromHeader = verifyStaticHeaderKey(
			{ headers, rawBody: payload },
			{ secrets: [KEY], eventIdHeader: 'X-Event-Id' },
		);
		assert.deepEqual(fromHeader, { ok: true, eventId: 'evt-7' });
		const fromBody = verifyStaticHeaderKey({ headers, rawBody: payload }, { secrets: [KEY], eventIdPath: 'data.id' });
		assert.deepEqual(fromBody, { ok: true, eventId: '42' });
		const absent = verifyStaticHeaderKey(
			{ headers, rawBody: payload },
			{ secrets: [KEY], eventIdPath: 'data.__proto__' },
		);
		assert.deepEqual(absent, { ok: true, eventId: undefined });
	});

	test('keys of a different length are refused without throwing', () => {
		assert.equal(
			reasonCode(
				verifyStaticHeaderKey({ headers: { 'x-webhook-key': 'x'.repeat(5000) }, rawBody: payload }, { secrets: [KEY] }),
			),
			'signature_mismatch',
		);
	});
});
