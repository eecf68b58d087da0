import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import fc from 'fast-check';

import { DEFAULT_TOLERANCE_SECONDS } from '../../../runtime/webhooks/timestamp-tolerance';
import type { VerificationResult } from '../../../runtime/webhooks/verification-result';
import { verifyDelivery } from '../../../runtime/webhooks/webhook-scheme';
import type { WebhookDelivery } from '../../../runtime/webhooks/webhook-delivery';
import { peerSigned } from './peer-signatures';

type SignedScheme = 'stripe' | 'standardWebhooks' | 'githubHmac';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alphanumeric = (minLength: number, maxLength: number) =>
	fc.string({ unit: fc.constantFrom(...ALPHANUMERIC), minLength, maxLength });

/** Secrets each scheme's senders issue: Stripe's whsec_ + alphanumerics, Standard Webhooks' whsec_ + base64 of 24-64 random bytes, any text for the GitHub style. */
const secrets: Record<SignedScheme, fc.Arbitrary<string>> = {
	stripe: alphanumeric(16, 64).map((rest) => `whsec_${rest}`),
	standardWebhooks: fc
		.uint8Array({ minLength: 24, maxLength: 64 })
		.map((key) => `whsec_${Buffer.from(key).toString('base64')}`),
	githubHmac: fc
		.string({ unit: 'grapheme', minLength: 16, maxLength: 64 })
		.filter((secret) => Buffer.byteLength(secret) >= 16),
};

/** Secrets a byte or more below each scheme's minimum. */
const shortSecrets: Record<SignedScheme, fc.Arbitrary<string>> = {
	stripe: alphanumeric(0, 15).map((rest) => `whsec_${rest}`),
	standardWebhooks: fc
		.uint8Array({ minLength: 1, maxLength: 23 })
		.map((key) => `whsec_${Buffer.from(key).toString('base64')}`),
	githubHmac: alphanumeric(1, 15),
};

/** The same secret with one byte of its key material changed, still a usable secret of its scheme. */
function secretWithOneByteChanged(scheme: SignedScheme, secret: string, position: number, replacement: number): string {
	if (scheme === 'standardWebhooks') {
		const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
		const index = position % key.length;
		key[index] = key[index] ^ (1 + (replacement % 255));
		return `whsec_${key.toString('base64')}`;
	}
	const start = scheme === 'stripe' ? 'whsec_'.length : 0;
	const characters = [...secret];
	const index = start + (position % (characters.length - start));
	const current = characters[index];
	const choices = ALPHANUMERIC.replace(current, '');
	characters[index] = choices[replacement % choices.length];
	return characters.join('');
}

const SIGNATURE_HEADER: Record<SignedScheme, { name: string; prefix: RegExp }> = {
	stripe: { name: 'stripe-signature', prefix: /^t=\d+,v1=/ },
	standardWebhooks: { name: 'webhook-signature', prefix: /^v1,/ },
	githubHmac: { name: 'x-hub-signature-256', prefix: /^sha256=/ },
};

const signing = (scheme: SignedScheme) =>
	fc.record({
		secret: secrets[scheme],
		body: fc.string({ unit: 'binary', maxLength: 300 }).map((text) => Buffer.from(text, 'utf8')),
		timestamp: fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
		id: alphanumeric(1, 40).map((id) => `msg_${id}`),
		// Where the receiver's clock stands, within the tolerance either way.
		drift: fc.integer({ min: -DEFAULT_TOLERANCE_SECONDS, max: DEFAULT_TOLERANCE_SECONDS }),
	});

function verify(
	scheme: SignedScheme,
	delivery: WebhookDelivery,
	secret: string,
	nowSeconds: number,
): VerificationResult {
	return verifyDelivery(scheme, delivery, { secrets: [secret], now: () => nowSeconds * 1000 });
}

function withHeader(delivery: WebhookDelivery, name: string, value: string): WebhookDelivery {
	return { ...delivery, headers: { ...delivery.headers, [name]: value } };
}

/** `value` with the byte at `position` replaced by a different printable ASCII byte. */
function oneByteChanged(value: string, position: number, replacement: number): string {
	const bytes = Buffer.from(value, 'latin1');
	const index = position % bytes.length;
	const printable = 0x21 + (replacement % 94);
	bytes[index] = printable === bytes[index] ? (printable === 0x7e ? 0x21 : printable + 1) : printable;
	return bytes.toString('latin1');
}

const position = fc.nat();
const replacement = fc.nat();

for (const scheme of ['stripe', 'standardWebhooks', 'githubHmac'] as const) {
	describe(`${scheme} signatures, property-based against the official peer`, () => {
		test('any body, secret and timestamp signed by the peer verifies', () => {
			fc.assert(
				fc.property(signing(scheme), ({ secret, body, timestamp, id, drift }) => {
					const result = verify(scheme, peerSigned(scheme, { secret, body, timestamp, id }), secret, timestamp + drift);
					assert.equal(result.ok, true, result.ok ? '' : result.reason.message);
				}),
			);
		});

		test('a single byte changed anywhere in the body is refused', () => {
			fc.assert(
				fc.property(
					signing(scheme),
					position,
					fc.integer({ min: 1, max: 255 }),
					({ secret, body, timestamp, id }, at, flip) => {
						const delivery = peerSigned(scheme, {
							secret,
							body: body.length > 0 ? body : Buffer.from('{}'),
							timestamp,
							id,
						});
						const changed = Buffer.from(delivery.rawBody);
						changed[at % changed.length] ^= flip;
						assert.equal(verify(scheme, { ...delivery, rawBody: changed }, secret, timestamp).ok, false);
					},
				),
			);
		});

		test('a single byte changed anywhere in the signature is refused', () => {
			fc.assert(
				fc.property(signing(scheme), position, replacement, ({ secret, body, timestamp, id }, at, to) => {
					const delivery = peerSigned(scheme, { secret, body, timestamp, id });
					const { name, prefix } = SIGNATURE_HEADER[scheme];
					const header = String(delivery.headers[name]);
					const head = header.match(prefix)?.[0] ?? '';
					const changed = head + oneByteChanged(header.slice(head.length), at, to);
					assert.equal(verify(scheme, withHeader(delivery, name, changed), secret, timestamp).ok, false);
				}),
			);
		});

		test('the signature with the case of its letters swapped is refused', () => {
			const swapCase = (text: string) =>
				text.replace(/[a-z]/gi, (letter) =>
					letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase(),
				);
			fc.assert(
				fc.property(signing(scheme), ({ secret, body, timestamp, id }) => {
					const delivery = peerSigned(scheme, { secret, body, timestamp, id });
					const { name, prefix } = SIGNATURE_HEADER[scheme];
					const header = String(delivery.headers[name]);
					const head = header.match(prefix)?.[0] ?? '';
					const signature = header.slice(head.length);
					fc.pre(/[a-z]/i.test(signature));
					assert.equal(
						verify(scheme, withHeader(delivery, name, head + swapCase(signature)), secret, timestamp).ok,
						false,
					);
				}),
			);
		});

		test('a delivery signed with a secret below the minimum is refused as invalid_secret', () => {
			fc.assert(
				fc.property(shortSecrets[scheme], signing(scheme), (secret, { body, timestamp, id }) => {
					const result = verify(scheme, peerSigned(scheme, { secret, body, timestamp, id }), secret, timestamp);
					assert.equal(result.ok ? 'ok' : result.reason.code, 'invalid_secret');
				}),
			);
		});

		test('a single byte changed in the secret is refused', () => {
			fc.assert(
				fc.property(signing(scheme), position, replacement, ({ secret, body, timestamp, id }, at, to) => {
					const delivery = peerSigned(scheme, { secret, body, timestamp, id });
					const other = secretWithOneByteChanged(scheme, secret, at, to);
					assert.notEqual(other, secret);
					const result = verify(scheme, delivery, other, timestamp);
					assert.equal(result.ok ? 'ok' : result.reason.code, 'signature_mismatch');
				}),
			);
		});

		if (scheme === 'githubHmac') return;

		test('a single digit changed in the signed timestamp is refused', () => {
			const header = scheme === 'stripe' ? 'stripe-signature' : 'webhook-timestamp';
			fc.assert(
				fc.property(
					signing(scheme),
					position,
					fc.integer({ min: 1, max: 9 }),
					({ secret, body, timestamp, id }, at, step) => {
						const delivery = peerSigned(scheme, { secret, body, timestamp, id });
						const digits = String(timestamp);
						const index = at % digits.length;
						const changedDigits =
							digits.slice(0, index) + String((Number(digits[index]) + step) % 10) + digits.slice(index + 1);
						const value = String(delivery.headers[header]).replace(digits, changedDigits);
						// The receiver's clock stands at the changed time: only the signature can refuse it.
						assert.equal(verify(scheme, withHeader(delivery, header, value), secret, Number(changedDigits)).ok, false);
					},
				),
			);
		});

		test('a correctly signed timestamp outside the tolerance is refused, either way', () => {
			fc.assert(
				fc.property(
					signing(scheme),
					fc.integer({ min: DEFAULT_TOLERANCE_SECONDS + 1, max: 10 * 365 * 86_400 }),
					fc.boolean(),
					({ secret, body, timestamp, id }, distance, future) => {
						const delivery = peerSigned(scheme, { secret, body, timestamp, id });
						const result = verify(scheme, delivery, secret, future ? timestamp - distance : timestamp + distance);
						assert.equal(result.ok ? 'ok' : result.reason.code, 'timestamp_out_of_tolerance');
					},
				),
			);
		});
	});
}
