import { createHmac } from 'node:crypto';

import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';

import type { WebhookScheme } from '../../../runtime/webhooks/webhook-scheme';
import type { WebhookDelivery } from '../../../runtime/webhooks/webhook-delivery';

/** What one signed delivery is made of, before a peer signs it. */
export interface Signing {
	secret: string;
	body: Buffer;
	/** Unix seconds; ignored by the GitHub style, which signs no timestamp. */
	timestamp: number;
	/** Standard Webhooks' webhook-id. */
	id?: string;
}

/**
 * A delivery signed by each scheme's official peer: the `stripe` SDK, the `standardwebhooks`
 * package, node:crypto's HMAC for the GitHub style (GitHub publishes no signing library).
 */
export function peerSigned(scheme: Exclude<WebhookScheme, 'staticHeader'>, signing: Signing): WebhookDelivery {
	const { secret, body, timestamp } = signing;
	switch (scheme) {
		case 'stripe':
			// The SDK signs a string: bodies that are not UTF-8 are not Stripe's to send.
			return {
				headers: {
					'stripe-signature': Stripe.webhooks.generateTestHeaderString({
						payload: body.toString('utf8'),
						secret,
						timestamp,
					}),
				},
				rawBody: body,
			};
		case 'standardWebhooks': {
			const id = signing.id ?? 'msg_1';
			return {
				headers: {
					'webhook-id': id,
					'webhook-timestamp': String(timestamp),
					'webhook-signature': new Webhook(secret).sign(id, new Date(timestamp * 1000), body.toString('utf8')),
				},
				rawBody: body,
			};
		}
		case 'githubHmac':
			return {
				headers: {
					'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
					'x-github-delivery': 'delivery-1',
				},
				rawBody: body,
			};
	}
}
