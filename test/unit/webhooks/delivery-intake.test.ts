import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';

import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

import { rejectionStatus, takeDelivery } from '../../../runtime/webhooks/delivery-intake';
import { MemoryReplayStore } from '../../../runtime/webhooks/memory-replay-store';
import { WEBHOOK_SCHEMES, type WebhookScheme } from '../../../runtime/webhooks/webhook-scheme';
import type { WebhookDelivery } from '../../../runtime/webhooks/webhook-delivery';

const T = 1_767_225_600;
const now = () => T * 1000;
const STRIPE_SECRET = 'whsec_intake_0123456789';
const STANDARD_SECRET = `whsec_${Buffer.from('intake-key-0123456789-abcdefghij').toString('base64')}`;
const SHARED_SECRET = 'intake-shared-secret-0123456789';
const payload = JSON.stringify({ id: 'evt_intake_1', type: 'customer.created' });

/** A delivery signed correctly for each scheme, and the secret that signed it. */
function signedDelivery(scheme: WebhookScheme): { delivery: WebhookDelivery; secret: string } {
	switch (scheme) {
		case 'stripe':
			return {
				secret: STRIPE_SECRET,
				delivery: {
					headers: {
						'stripe-signature': Stripe.webhooks.generateTestHeaderString({
							payload,
							secret: STRIPE_SECRET,
							timestamp: T,
						}),
					},
					rawBody: payload,
				},
			};
		case 'standardWebhooks':
			return {
				secret: STANDARD_SECRET,
				delivery: {
					headers: {
						'webhook-id': 'msg_intake_1',
						'webhook-timestamp': String(T),
						'webhook-signature': new Webhook(STANDARD_SECRET).sign('msg_intake_1', new Date(T * 1000), payload),
					},
					rawBody: payload,
				},
			};
		case 'githubHmac':
			return {
				secret: SHARED_SECRET,
				delivery: {
					headers: {
						'x-hub-signature-256': `sha256=${createHmac('sha256', SHARED_SECRET).update(payload).digest('hex')}`,
						'x-github-delivery': 'delivery-1',
					},
					rawBody: payload,
				},
			};
		case 'staticHeader':
			return { secret: SHARED_SECRET, delivery: { headers: { 'x-webhook-key': SHARED_SECRET }, rawBody: payload } };
	}
}

describe('takeDelivery', () => {
	for (const scheme of WEBHOOK_SCHEMES) {
		test(`${scheme}: accepted once, then a duplicate; with no secret configured, refused with 401`, async () => {
			const { delivery, secret } = signedDelivery(scheme);
			const replayStore = new MemoryReplayStore({ now });
			const request = { scheme, delivery, replayStore, replayTtlSeconds: 3600, now, eventIdPath: 'id' };

			const first = await takeDelivery({ ...request, secrets: [secret] });
			assert.equal(first.outcome, 'accepted');
			const second = await takeDelivery({ ...request, secrets: [secret] });
			assert.equal(second.outcome, 'duplicate');

			const refused = await takeDelivery({ ...request, replayStore: new MemoryReplayStore({ now }), secrets: [] });
			assert.deepEqual(refused.outcome === 'rejected' && [refused.status, refused.reason.code], [
				401,
				'missing_secret',
			]);
		});
	}

	test('event ids per scheme', async () => {
		const expected: Record<WebhookScheme, string | undefined> = {
			stripe: 'evt_intake_1',
			standardWebhooks: 'msg_intake_1',
			githubHmac: 'delivery-1',
			staticHeader: undefined,
		};
		for (const scheme of WEBHOOK_SCHEMES) {
			const { delivery, secret } = signedDelivery(scheme);
			const decision = await takeDelivery({
				scheme,
				delivery,
				secrets: [secret],
				now,
				replayStore: new MemoryReplayStore({ now }),
				replayTtlSeconds: 60,
			});
			assert.equal(decision.outcome === 'accepted' ? decision.eventId : 'not accepted', expected[scheme], scheme);
		}
	});

	test('without an event id every authentic delivery is accepted', async () => {
		const { delivery, secret } = signedDelivery('staticHeader');
		const replayStore = new MemoryReplayStore({ now });
		for (let index = 0; index < 2; index++) {
			const decision = await takeDelivery({
				scheme: 'staticHeader',
				delivery,
				secrets: [secret],
				now,
				replayStore,
				replayTtlSeconds: 60,
			});
			assert.equal(decision.outcome, 'accepted');
		}
	});

	test('a forged delivery does not record its event id, so the genuine one is still accepted', async () => {
		const { delivery, secret } = signedDelivery('githubHmac');
		const replayStore = new MemoryReplayStore({ now });
		const forged = { ...delivery, headers: { ...delivery.headers, 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` } };
		const refused = await takeDelivery({
			scheme: 'githubHmac',
			delivery: forged,
			secrets: [secret],
			replayStore,
			replayTtlSeconds: 60,
		});
		assert.deepEqual(refused.outcome === 'rejected' && [refused.status, refused.reason.code], [
			401,
			'signature_mismatch',
		]);
		const genuine = await takeDelivery({
			scheme: 'githubHmac',
			delivery,
			secrets: [secret],
			replayStore,
			replayTtlSeconds: 60,
		});
		assert.equal(genuine.outcome, 'accepted');
	});

	test('an unknown scheme refuses everything', async () => {
		const { delivery, secret } = signedDelivery('staticHeader');
		const decision = await takeDelivery({
			scheme: 'none',
			delivery,
			secrets: [secret],
			replayStore: new MemoryReplayStore(),
			replayTtlSeconds: 60,
		});
		assert.equal(decision.outcome, 'rejected');
	});

	test('malformed headers map to 400, every other refusal to 401', () => {
		assert.equal(rejectionStatus('malformed_header'), 400);
		for (const code of [
			'missing_secret',
			'invalid_secret',
			'missing_header',
			'timestamp_out_of_tolerance',
			'signature_mismatch',
		] as const) {
			assert.equal(rejectionStatus(code), 401, code);
		}
	});
});
