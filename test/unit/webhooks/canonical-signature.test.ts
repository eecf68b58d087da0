import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

import type { VerificationResult } from '../../../runtime/webhooks/verification-result';
import { verifyDelivery } from '../../../runtime/webhooks/webhook-scheme';
import type { WebhookDelivery } from '../../../runtime/webhooks/webhook-delivery';
import { peerSigned } from './peer-signatures';

const T = 1_767_225_600;
const now = () => T * 1000;
const body = Buffer.from(JSON.stringify({ id: 'evt_canonical', type: 'customer.updated' }));
const STRIPE_SECRET = 'whsec_canonical_0123456789abcdef';
const STANDARD_SECRET = `whsec_${Buffer.from('canonical-key-0123456789-abcdefgh').toString('base64')}`;
const GITHUB_SECRET = 'canonical-github-secret-0123456789';

function reasonCode(result: VerificationResult): string {
	return result.ok ? 'ok' : result.reason.code;
}

function withHeader(delivery: WebhookDelivery, name: string, rewrite: (value: string) => string): WebhookDelivery {
	return { ...delivery, headers: { ...delivery.headers, [name]: rewrite(String(delivery.headers[name])) } };
}

describe('signatures are compared in their canonical form only', () => {
	test('stripe: an uppercased v1 signature is refused, as stripe-node refuses it', () => {
		const signed = peerSigned('stripe', { secret: STRIPE_SECRET, body, timestamp: T });
		assert.equal(reasonCode(verifyDelivery('stripe', signed, { secrets: [STRIPE_SECRET], now })), 'ok');
		const upper = withHeader(signed, 'stripe-signature', (value) =>
			value.replace(/v1=([0-9a-f]+)/, (_, hex: string) => `v1=${hex.toUpperCase()}`),
		);
		assert.equal(reasonCode(verifyDelivery('stripe', upper, { secrets: [STRIPE_SECRET], now })), 'signature_mismatch');
		assert.throws(() =>
			Stripe.webhooks.constructEvent(
				body,
				String(upper.headers['stripe-signature']),
				STRIPE_SECRET,
				300,
				undefined,
				now(),
			),
		);
	});

	test('githubHmac: an uppercased hex digest is refused', () => {
		const signed = peerSigned('githubHmac', { secret: GITHUB_SECRET, body, timestamp: T });
		assert.equal(reasonCode(verifyDelivery('githubHmac', signed, { secrets: [GITHUB_SECRET] })), 'ok');
		const upper = withHeader(
			signed,
			'x-hub-signature-256',
			(value) => `sha256=${value.slice('sha256='.length).toUpperCase()}`,
		);
		assert.equal(reasonCode(verifyDelivery('githubHmac', upper, { secrets: [GITHUB_SECRET] })), 'signature_mismatch');
	});

	test('standardWebhooks: base64url and unpadded forms of a valid signature are refused, as the package refuses them', () => {
		// The package checks the timestamp against the real clock.
		const t = Math.floor(Date.now() / 1000);
		const at = () => t * 1000;
		// A body whose signature has a + or /, so its base64url form differs in more than the padding.
		let signed = peerSigned('standardWebhooks', { secret: STANDARD_SECRET, body, timestamp: t });
		for (let n = 0; !/[+/]/.test(String(signed.headers['webhook-signature'])); n++) {
			signed = peerSigned('standardWebhooks', {
				secret: STANDARD_SECRET,
				body: Buffer.from(JSON.stringify({ id: 'evt_canonical', n })),
				timestamp: t,
			});
		}
		assert.equal(reasonCode(verifyDelivery('standardWebhooks', signed, { secrets: [STANDARD_SECRET], now: at })), 'ok');
		assert.doesNotThrow(() =>
			new Webhook(STANDARD_SECRET).verify(signed.rawBody, signed.headers as Record<string, string>),
		);
		const signature = String(signed.headers['webhook-signature']).slice('v1,'.length);
		const variants = [Buffer.from(signature, 'base64').toString('base64url'), signature.replace(/=+$/, '')];
		for (const variant of variants) {
			const altered = withHeader(signed, 'webhook-signature', () => `v1,${variant}`);
			assert.equal(
				reasonCode(verifyDelivery('standardWebhooks', altered, { secrets: [STANDARD_SECRET], now: at })),
				'signature_mismatch',
				variant,
			);
			assert.throws(
				() => new Webhook(STANDARD_SECRET).verify(altered.rawBody, altered.headers as Record<string, string>),
				variant,
			);
		}
	});
});
