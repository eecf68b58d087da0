import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { secretConfigurationProblems } from '../../../runtime/webhooks/secret-configuration';
import type { VerificationResult } from '../../../runtime/webhooks/verification-result';
import { verifyDelivery } from '../../../runtime/webhooks/webhook-scheme';
import { peerSigned } from './peer-signatures';

const T = 1_767_225_600;
const now = () => T * 1000;
const body = Buffer.from(JSON.stringify({ id: 'evt_short_secret', type: 'customer.created' }));
const base64Key = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

function reasonCode(result: VerificationResult): string {
	return result.ok ? 'ok' : result.reason.code;
}

// Each scheme's shortest accepted secret and one a byte shorter; the peer signs with either.
const boundaries = [
	{
		scheme: 'stripe',
		accepted: `whsec_${'s'.repeat(16)}`,
		tooShort: `whsec_${'s'.repeat(15)}`,
		words: /15 characters after whsec_; at least 16/,
	},
	{
		scheme: 'standardWebhooks',
		accepted: `whsec_${base64Key(24)}`,
		tooShort: `whsec_${base64Key(23)}`,
		words: /decodes to 23 bytes; .* at least 24/,
	},
	{ scheme: 'githubHmac', accepted: 'g'.repeat(16), tooShort: 'g'.repeat(15), words: /15 bytes long; .* at least 16/ },
] as const;

describe('secrets that decode to too few bytes', () => {
	for (const { scheme, accepted, tooShort, words } of boundaries) {
		test(`${scheme}: a delivery signed with a too-short secret is refused as invalid_secret; one byte more is accepted`, () => {
			const refused = verifyDelivery(scheme, peerSigned(scheme, { secret: tooShort, body, timestamp: T }), {
				secrets: [tooShort],
				now,
			});
			assert.equal(reasonCode(refused), 'invalid_secret');
			assert.match(refused.ok ? '' : refused.reason.message, words);
			assert.equal(
				reasonCode(
					verifyDelivery(scheme, peerSigned(scheme, { secret: accepted, body, timestamp: T }), {
						secrets: [accepted],
						now,
					}),
				),
				'ok',
			);
		});

		test(`${scheme}: one too-short secret among good ones refuses everything, and the credential test says why`, () => {
			const delivery = peerSigned(scheme, { secret: accepted, body, timestamp: T });
			assert.equal(
				reasonCode(verifyDelivery(scheme, delivery, { secrets: [accepted, tooShort], now })),
				'invalid_secret',
			);
			const problems = secretConfigurationProblems(scheme, [accepted, tooShort]);
			assert.equal(problems.length, 1);
			assert.match(problems[0], /^Secret 2 /);
			assert.match(problems[0], words);
		});
	}

	test('staticHeader: a key shorter than 16 characters accepts nothing', () => {
		const key = 'k'.repeat(15);
		assert.equal(
			reasonCode(
				verifyDelivery('staticHeader', { headers: { 'x-webhook-key': key }, rawBody: body }, { secrets: [key] }),
			),
			'invalid_secret',
		);
		const longer = 'k'.repeat(16);
		assert.equal(
			reasonCode(
				verifyDelivery('staticHeader', { headers: { 'x-webhook-key': longer }, rawBody: body }, { secrets: [longer] }),
			),
			'ok',
		);
	});

	test('stripe: a secret without whsec_ accepts nothing, even when the delivery was signed with it', () => {
		const secret = 'sk_live_0123456789abcdef0123';
		assert.equal(
			reasonCode(
				verifyDelivery('stripe', peerSigned('stripe', { secret, body, timestamp: T }), { secrets: [secret], now }),
			),
			'invalid_secret',
		);
	});

	test('standardWebhooks: a secret in a non-canonical base64 form is refused (base64url, missing padding, stray bits)', () => {
		const key = Buffer.from('0123456789abcdef0123456789abcdef>>?', 'utf8');
		for (const secret of [
			`whsec_${key.toString('base64url')}`,
			`whsec_${key.toString('base64').replace(/=+$/, '')}`,
			`whsec_${base64Key(26).replace(/.=$/, 'B=')}`,
		]) {
			assert.match(secretConfigurationProblems('standardWebhooks', [secret]).join(), /canonical/, secret);
			const delivery = {
				headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(T), 'webhook-signature': 'v1,AAAA' },
				rawBody: body,
			};
			assert.equal(
				reasonCode(verifyDelivery('standardWebhooks', delivery, { secrets: [secret], now })),
				'invalid_secret',
				secret,
			);
		}
	});
});
