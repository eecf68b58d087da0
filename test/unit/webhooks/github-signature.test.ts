import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';

import { verifyGithubSignature } from '../../../runtime/webhooks/github-signature';
import type { VerificationResult } from '../../../runtime/webhooks/verification-result';

const SECRET = "It's a Secret to Everybody";
const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const payload = '{"action":"opened","number":1,"note":"Grüße"}';

// Computed here, independently of the module under test.
function githubSignature(secret: string, body: string | Buffer): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function reasonCode(result: VerificationResult): string {
	return result.ok ? 'ok' : result.reason.code;
}

describe('GitHub-style sha256 HMAC', () => {
	test("GitHub's documented example signature verifies", () => {
		// From GitHub's "Validating webhook deliveries" docs: secret "It's a Secret to Everybody", payload "Hello, World!".
		const headers = {
			'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
		};
		assert.equal(verifyGithubSignature({ headers, rawBody: 'Hello, World!' }, { secrets: [SECRET] }).ok, true);
	});

	test('a valid signature verifies, with X-GitHub-Delivery as the event id (header names in any case)', () => {
		const headers = { 'X-Hub-Signature-256': githubSignature(SECRET, payload), 'X-GitHub-Delivery': DELIVERY };
		assert.deepEqual(verifyGithubSignature({ headers, rawBody: Buffer.from(payload) }, { secrets: [SECRET] }), {
			ok: true,
			eventId: DELIVERY,
		});
	});

	test('the event id header can be changed', () => {
		const headers = { 'x-hub-signature-256': githubSignature(SECRET, payload), 'x-event-id': 'evt-9' };
		const result = verifyGithubSignature(
			{ headers, rawBody: payload },
			{ secrets: [SECRET], eventIdHeader: 'X-Event-Id' },
		);
		assert.deepEqual(result, { ok: true, eventId: 'evt-9' });
	});

	test('a tampered body is refused', () => {
		const headers = { 'x-hub-signature-256': githubSignature(SECRET, payload) };
		assert.equal(
			reasonCode(
				verifyGithubSignature({ headers, rawBody: payload.replace('opened', 'closed') }, { secrets: [SECRET] }),
			),
			'signature_mismatch',
		);
	});

	test('a wrong secret is refused; any of several configured secrets is accepted', () => {
		const headers = { 'x-hub-signature-256': githubSignature('another secret, long enough', payload) };
		assert.equal(
			reasonCode(verifyGithubSignature({ headers, rawBody: payload }, { secrets: [SECRET] })),
			'signature_mismatch',
		);
		assert.equal(
			verifyGithubSignature({ headers, rawBody: payload }, { secrets: [SECRET, 'another secret, long enough'] }).ok,
			true,
		);
	});

	test('a missing header is refused', () => {
		assert.equal(
			reasonCode(
				verifyGithubSignature({ headers: { 'x-hub-signature': 'sha1=abc' }, rawBody: payload }, { secrets: [SECRET] }),
			),
			'missing_header',
		);
	});

	test('a header without the sha256= prefix is malformed', () => {
		const hex = githubSignature(SECRET, payload).slice('sha256='.length);
		for (const value of [hex, `sha1=${hex}`, 'sha256=']) {
			assert.equal(
				reasonCode(
					verifyGithubSignature({ headers: { 'x-hub-signature-256': value }, rawBody: payload }, { secrets: [SECRET] }),
				),
				'malformed_header',
				value,
			);
		}
	});

	test('no secret configured refuses a correctly signed delivery', () => {
		const headers = { 'x-hub-signature-256': githubSignature('', payload) };
		assert.equal(reasonCode(verifyGithubSignature({ headers, rawBody: payload }, { secrets: [] })), 'missing_secret');
	});

	test('signatures of the wrong length are refused without throwing', () => {
		for (const value of ['sha256=00', `sha256=${'f'.repeat(65)}`, `sha256=${'x'.repeat(1000)}`]) {
			assert.equal(
				reasonCode(
					verifyGithubSignature({ headers: { 'x-hub-signature-256': value }, rawBody: payload }, { secrets: [SECRET] }),
				),
				'signature_mismatch',
			);
		}
	});
});
