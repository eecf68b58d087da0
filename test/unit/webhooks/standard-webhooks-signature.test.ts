import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';

import { Webhook } from 'standardwebhooks';

import { standardWebhooksKey } from '../../../runtime/webhooks/signing-secret';
import { verifyStandardWebhooksSignature } from '../../../runtime/webhooks/standard-webhooks-signature';
import type { VerificationResult } from '../../../runtime/webhooks/verification-result';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const OTHER_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const MESSAGE_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const payload = JSON.stringify({ type: 'user.updated', data: { id: 'u_42', email: 'a@example.org' } });

function signedHeaders(secret: string, timestamp: Date, body = payload, id = MESSAGE_ID): Record<string, string> {
	const signature = new Webhook(secret).sign(id, timestamp, body);
	return {
		'webhook-id': id,
		'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
		'webhook-signature': signature,
	};
}

function reasonCode(result: VerificationResult): string {
	return result.ok ? 'ok' : result.reason.code;
}

function packageAccepts(secret: string, body: string, headers: Record<string, string>): boolean {
	try {
		new Webhook(secret).verify(body, headers);
		return true;
	} catch {
		return false;
	}
}

describe('Standard Webhooks signatures', () => {
	test('a delivery signed by the standardwebhooks package verifies, with webhook-id as the event id', () => {
		const now = new Date();
		const headers = signedHeaders(SECRET, now);
		const result = verifyStandardWebhooksSignature({ headers, rawBody: Buffer.from(payload) }, { secrets: [SECRET] });
		assert.deepEqual(result, { ok: true, eventId: MESSAGE_ID, timestamp: Math.floor(now.getTime() / 1000) });
		assert.equal(packageAccepts(SECRET, payload, headers), true);
	});

	test('the secret may also be given as bare base64', () => {
		const headers = signedHeaders(SECRET, new Date());
		const result = verifyStandardWebhooksSignature(
			{ headers, rawBody: payload },
			{ secrets: [KEY.toString('base64')] },
		);
		assert.equal(result.ok, true);
	});

	test('a tampered body is refused, and the package agrees', () => {
		const headers = signedHeaders(SECRET, new Date());
		const tampered = payload.replace('u_42', 'u_43');
		assert.equal(
			reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: tampered }, { secrets: [SECRET] })),
			'signature_mismatch',
		);
		assert.equal(packageAccepts(SECRET, tampered, headers), false);
	});

	test('a different webhook-id is refused: the id is part of the signed content', () => {
		const headers = { ...signedHeaders(SECRET, new Date()), 'webhook-id': 'msg_other' };
		assert.equal(
			reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [SECRET] })),
			'signature_mismatch',
		);
	});

	test('a wrong secret is refused, and the package agrees', () => {
		const headers = signedHeaders(OTHER_SECRET, new Date());
		assert.equal(
			reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [SECRET] })),
			'signature_mismatch',
		);
		assert.equal(packageAccepts(SECRET, payload, headers), false);
	});

	test('rotation: several signatures in the header, several secrets configured', () => {
		const now = new Date();
		const oldSigned = signedHeaders(OTHER_SECRET, now);
		const newSigned = signedHeaders(SECRET, now);
		const headers = {
			...newSigned,
			'webhook-signature': `${oldSigned['webhook-signature']} ${newSigned['webhook-signature']}`,
		};
		assert.equal(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [SECRET] }).ok, true);
		assert.equal(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [OTHER_SECRET] }).ok, true);
		assert.equal(packageAccepts(SECRET, payload, headers), true);
		const single = signedHeaders(OTHER_SECRET, now);
		assert.equal(
			verifyStandardWebhooksSignature({ headers: single, rawBody: payload }, { secrets: [SECRET, OTHER_SECRET] }).ok,
			true,
		);
	});

	test('each missing header is refused with missing_header', () => {
		const headers = signedHeaders(SECRET, new Date());
		for (const name of Object.keys(headers)) {
			const partial = { ...headers };
			delete partial[name];
			assert.equal(
				reasonCode(verifyStandardWebhooksSignature({ headers: partial, rawBody: payload }, { secrets: [SECRET] })),
				'missing_header',
				name,
			);
		}
	});

	test('malformed timestamp or signature headers are refused with malformed_header', () => {
		const headers = signedHeaders(SECRET, new Date());
		const variants = [
			{ ...headers, 'webhook-timestamp': 'yesterday' },
			{ ...headers, 'webhook-timestamp': '1.5e9' },
			{ ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v1=') },
			{ ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') },
		];
		for (const variant of variants) {
			assert.equal(
				reasonCode(verifyStandardWebhooksSignature({ headers: variant, rawBody: payload }, { secrets: [SECRET] })),
				'malformed_header',
			);
		}
	});

	test('timestamps beyond 300 s either way are refused, within are accepted', () => {
		const nowSeconds = 1_767_225_600;
		const now = () => nowSeconds * 1000;
		const cases: Array<[number, string]> = [
			[-301, 'timestamp_out_of_tolerance'],
			[301, 'timestamp_out_of_tolerance'],
			[-299, 'ok'],
			[299, 'ok'],
		];
		for (const [offset, expected] of cases) {
			const headers = signedHeaders(SECRET, new Date((nowSeconds + offset) * 1000));
			assert.equal(
				reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [SECRET], now })),
				expected,
				String(offset),
			);
		}
	});

	test('a secret that is not base64 is refused as invalid_secret, no secret as missing_secret', () => {
		const headers = signedHeaders(SECRET, new Date());
		assert.equal(
			reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: ['whsec_not base64!'] })),
			'invalid_secret',
		);
		assert.equal(
			reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [] })),
			'missing_secret',
		);
		assert.equal(standardWebhooksKey('whsec_'), undefined);
		assert.deepEqual(standardWebhooksKey(SECRET), KEY);
	});

	test('signatures of the wrong length are refused without throwing', () => {
		const headers = { ...signedHeaders(SECRET, new Date()), 'webhook-signature': 'v1,AAAA v1,' + 'A'.repeat(200) };
		assert.equal(
			reasonCode(verifyStandardWebhooksSignature({ headers, rawBody: payload }, { secrets: [SECRET] })),
			'signature_mismatch',
		);
	});
});
