import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';

import Stripe from 'stripe';

import { verifyStripeSignature } from '../../../runtime/webhooks/stripe-signature';
import type { VerificationResult } from '../../../runtime/webhooks/verification-result';

const SECRET = 'whsec_test_current_0123456789abcdef';
const OLD_SECRET = 'whsec_test_previous_fedcba9876543210';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const payload = JSON.stringify({
	id: 'evt_1Q2w3E4r',
	object: 'event',
	type: 'customer.updated',
	data: { object: { id: 'cus_1' } },
});

const at = (seconds: number) => () => seconds * 1000;

function stripeHeader(secret: string, timestamp = T, body = payload): string {
	return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
}

function reasonCode(result: VerificationResult): string {
	return result.ok ? 'ok' : result.reason.code;
}

/** What the official SDK says about the same delivery, received at `nowSeconds`. */
function sdkAccepts(body: string, header: string, secret: string, nowSeconds: number): boolean {
	try {
		Stripe.webhooks.constructEvent(body, header, secret, 300, undefined, nowSeconds * 1000);
		return true;
	} catch {
		return false;
	}
}

describe('Stripe signatures', () => {
	test('a header made by the official SDK verifies, with the event id from the body', () => {
		const header = stripeHeader(SECRET);
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': header }, rawBody: Buffer.from(payload) },
			{ secrets: [SECRET], now: at(T) },
		);
		assert.deepEqual(result, { ok: true, eventId: 'evt_1Q2w3E4r', timestamp: T });
		assert.equal(sdkAccepts(payload, header, SECRET, T), true);
	});

	test('a tampered body is refused, and the SDK agrees', () => {
		const header = stripeHeader(SECRET);
		const tampered = payload.replace('customer.updated', 'customer.deleted');
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': header }, rawBody: tampered },
			{ secrets: [SECRET], now: at(T) },
		);
		assert.equal(reasonCode(result), 'signature_mismatch');
		assert.equal(sdkAccepts(tampered, header, SECRET, T), false);
	});

	test('the body is checked byte for byte: re-serialised JSON does not verify', () => {
		const pretty = JSON.stringify(JSON.parse(payload), null, 2);
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': stripeHeader(SECRET) }, rawBody: pretty },
			{ secrets: [SECRET], now: at(T) },
		);
		assert.equal(reasonCode(result), 'signature_mismatch');
	});

	test('a wrong secret is refused, and the SDK agrees', () => {
		const header = stripeHeader('whsec_someone_else');
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': header }, rawBody: payload },
			{ secrets: [SECRET], now: at(T) },
		);
		assert.equal(reasonCode(result), 'signature_mismatch');
		assert.equal(sdkAccepts(payload, header, SECRET, T), false);
	});

	test('a missing header is refused', () => {
		const result = verifyStripeSignature(
			{ headers: { 'content-type': 'application/json' }, rawBody: payload },
			{ secrets: [SECRET], now: at(T) },
		);
		assert.equal(reasonCode(result), 'missing_header');
	});

	test('malformed headers are refused with malformed_header', () => {
		const signature = createHmac('sha256', SECRET).update(`${T}.${payload}`).digest('hex');
		for (const header of [
			`v1=${signature}`, // no timestamp
			`t=${T}`, // no v1 signature
			`t=soon,v1=${signature}`, // timestamp not a number
			`t=${T},v0=${signature}`, // only a scheme we do not check
			'garbage',
		]) {
			const result = verifyStripeSignature(
				{ headers: { 'stripe-signature': header }, rawBody: payload },
				{ secrets: [SECRET], now: at(T) },
			);
			assert.equal(reasonCode(result), 'malformed_header', header);
		}
	});

	test('during rotation a header with two v1 signatures (old and new secret) verifies against either secret', () => {
		const signedWithOld = stripeHeader(OLD_SECRET);
		const newSignature = stripeHeader(SECRET).split('v1=')[1];
		const header = `${signedWithOld},v1=${newSignature}`;
		assert.match(header, /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
		for (const secrets of [[SECRET], [OLD_SECRET], [SECRET, OLD_SECRET]]) {
			const result = verifyStripeSignature(
				{ headers: { 'stripe-signature': header }, rawBody: payload },
				{ secrets, now: at(T) },
			);
			assert.equal(result.ok, true, secrets.join(','));
		}
		assert.equal(sdkAccepts(payload, header, SECRET, T), true);
		assert.equal(sdkAccepts(payload, header, OLD_SECRET, T), true);
		const unrelated = verifyStripeSignature(
			{ headers: { 'stripe-signature': header }, rawBody: payload },
			{ secrets: ['whsec_third_0123456789abcdef'], now: at(T) },
		);
		assert.equal(reasonCode(unrelated), 'signature_mismatch');
	});

	test('several configured secrets: a delivery signed with any one of them verifies', () => {
		const header = stripeHeader(OLD_SECRET);
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': header }, rawBody: payload },
			{ secrets: [SECRET, OLD_SECRET], now: at(T) },
		);
		assert.equal(result.ok, true);
	});

	test('timestamps 301 s in the past or the future are refused; 299 s either way is accepted', () => {
		const cases: Array<[number, string]> = [
			[T - 301, 'timestamp_out_of_tolerance'],
			[T + 301, 'timestamp_out_of_tolerance'],
			[T - 299, 'ok'],
			[T + 299, 'ok'],
			[T - 300, 'ok'],
		];
		for (const [timestamp, expected] of cases) {
			const header = stripeHeader(SECRET, timestamp);
			const result = verifyStripeSignature(
				{ headers: { 'stripe-signature': header }, rawBody: payload },
				{ secrets: [SECRET], now: at(T) },
			);
			assert.equal(reasonCode(result), expected, `t = now ${timestamp - T >= 0 ? '+' : ''}${timestamp - T}`);
		}
		// The SDK agrees for the past (it does not check the future side, which we do on purpose).
		assert.equal(sdkAccepts(payload, stripeHeader(SECRET, T - 301), SECRET, T), false);
		assert.equal(sdkAccepts(payload, stripeHeader(SECRET, T - 299), SECRET, T), true);
	});

	test('the tolerance can be changed', () => {
		const header = stripeHeader(SECRET, T - 400);
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': header }, rawBody: payload },
			{ secrets: [SECRET], now: at(T), toleranceSeconds: 600 },
		);
		assert.equal(result.ok, true);
	});

	test('no secret configured refuses even a well-formed delivery', () => {
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': stripeHeader(SECRET) }, rawBody: payload },
			{ secrets: [], now: at(T) },
		);
		assert.equal(reasonCode(result), 'missing_secret');
	});

	test('signatures of the wrong length are refused without throwing', () => {
		for (const signature of ['ab', '0'.repeat(63), '0'.repeat(65), 'zz'.repeat(40)]) {
			const header = `t=${T},v1=${signature}`;
			const result = verifyStripeSignature(
				{ headers: { 'stripe-signature': header }, rawBody: payload },
				{ secrets: [SECRET], now: at(T) },
			);
			assert.equal(reasonCode(result), 'signature_mismatch', signature);
		}
	});

	test('a body that is not JSON verifies but carries no event id', () => {
		const body = 'not json';
		const result = verifyStripeSignature(
			{ headers: { 'stripe-signature': stripeHeader(SECRET, T, body) }, rawBody: body },
			{ secrets: [SECRET], now: at(T) },
		);
		assert.deepEqual(result, { ok: true, eventId: undefined, timestamp: T });
	});
});
