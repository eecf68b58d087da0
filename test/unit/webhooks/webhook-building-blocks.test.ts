import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { anyConstantTimeEqual, constantTimeEqual } from '../../../runtime/webhooks/constant-time';
import { outputBody, outputHeaders } from '../../../runtime/webhooks/delivery-output';
import { headerValue } from '../../../runtime/webhooks/request-headers';
import { secretConfigurationProblems } from '../../../runtime/webhooks/secret-configuration';
import { checkTolerance } from '../../../runtime/webhooks/timestamp-tolerance';
import { parseSecrets } from '../../../runtime/webhooks/webhook-secrets';

describe('constant-time comparison', () => {
	test('equal values match; different values of any length do not, and nothing throws', () => {
		assert.equal(constantTimeEqual('abc', 'abc'), true);
		assert.equal(constantTimeEqual(Buffer.from('abc'), 'abc'), true);
		assert.equal(constantTimeEqual('abc', 'abd'), false);
		assert.equal(constantTimeEqual('abc', 'abcd'), false);
		assert.equal(constantTimeEqual('', 'a'.repeat(10_000)), false);
		assert.equal(anyConstantTimeEqual(['x', 'y'], ['z', 'y']), true);
		assert.equal(anyConstantTimeEqual([], ['z']), false);
	});
});

describe('timestamp tolerance', () => {
	const now = () => 1_000_000 * 1000;
	test('is symmetric and inclusive', () => {
		assert.equal(checkTolerance(1_000_000 - 300, 300, now), undefined);
		assert.equal(checkTolerance(1_000_000 + 300, 300, now), undefined);
		assert.match(checkTolerance(1_000_000 - 301, 300, now)?.reason.message ?? '', /301 s in the past/);
		assert.match(checkTolerance(1_000_000 + 301, 300, now)?.reason.message ?? '', /301 s in the future/);
	});
});

describe('secrets', () => {
	test('several per field, separated by line breaks; blanks and repeats dropped', () => {
		assert.deepEqual(parseSecrets(' whsec_a \r\n\nwhsec_b', 'whsec_a\nwhsec_c', undefined, ''), [
			'whsec_a',
			'whsec_b',
			'whsec_c',
		]);
		assert.deepEqual(parseSecrets(undefined, null, '  \n '), []);
	});

	test('configuration problems are reported per scheme', () => {
		assert.deepEqual(secretConfigurationProblems('stripe', ['whsec_0123456789abcdef0123456789ab']), []);
		assert.equal(secretConfigurationProblems('stripe', []).length, 1);
		assert.match(secretConfigurationProblems('stripe', ['sk_live_x']).join(), /whsec_/);
		assert.deepEqual(
			secretConfigurationProblems('standardWebhooks', [`whsec_${Buffer.from('k'.repeat(24)).toString('base64')}`]),
			[],
		);
		assert.match(secretConfigurationProblems('standardWebhooks', ['whsec_%%%']).join(), /base64/);
		assert.deepEqual(secretConfigurationProblems('githubHmac', ['s'.repeat(16)]), []);
		assert.deepEqual(secretConfigurationProblems('staticHeader', ['0123456789abcdef'], 'X-Api-Key'), []);
		assert.match(secretConfigurationProblems('staticHeader', ['short'], 'X-Api-Key').join(), /16 characters/);
		assert.match(secretConfigurationProblems('staticHeader', ['0123456789abcdef'], 'X Api Key').join(), /header name/);
		assert.match(secretConfigurationProblems('basic', ['x']).join(), /Unknown/);
	});
});

describe('delivery output', () => {
	test('credential-bearing headers are withheld', () => {
		const headers = outputHeaders(
			{
				'Content-Type': 'application/json',
				'stripe-signature': 't=1,v1=x',
				'webhook-signature': 'v1,x',
				'x-hub-signature-256': 'sha256=x',
				'x-api-key': 'secret',
				authorization: 'Bearer x',
				cookie: 'a=b',
				'x-github-event': 'push',
				'x-forwarded-for': ['1.1.1.1', '2.2.2.2'],
			},
			'X-Api-Key',
		);
		assert.deepEqual(headers, {
			'content-type': 'application/json',
			'x-github-event': 'push',
			'x-forwarded-for': '1.1.1.1, 2.2.2.2',
		});
	});

	test('JSON objects and arrays are parsed, anything else stays raw text', () => {
		assert.deepEqual(outputBody(Buffer.from('{"a":1}')), { a: 1 });
		assert.deepEqual(outputBody(Buffer.from('[1]')), [1]);
		assert.equal(outputBody(Buffer.from('a=1&b=2')), 'a=1&b=2');
		assert.equal(outputBody(Buffer.from('42')), '42');
		assert.equal(outputBody(Buffer.alloc(0)), '');
	});

	test('header lookup is case-insensitive', () => {
		assert.equal(headerValue({ 'X-Thing': 'v' }, 'x-thing'), 'v');
		assert.equal(headerValue({ 'x-thing': ['a', 'b'] }, 'X-THING'), 'a, b');
		assert.equal(headerValue({}, 'x'), undefined);
	});
});
