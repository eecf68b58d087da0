import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { takeDelivery, type IntakeDecision } from '../../../runtime/webhooks/delivery-intake';
import { deliveryKey } from '../../../runtime/webhooks/delivery-ledger';
import { MemoryDeliveryLedger } from '../../support/memory-delivery-ledger';
import { MemoryReplayStore } from '../../../runtime/webhooks/memory-replay-store';
import { peerSigned } from './peer-signatures';

const SECRET = 'intake-limits-secret-0123456789';
const terms = { leaseSeconds: 60, retentionSeconds: 600 };
const ENDPOINT = 'wf/node/webhook';

/** A GitHub-style delivery of `body` with event id `id`, correctly signed. */
function delivery(body: string, id: string) {
	const signed = peerSigned('githubHmac', { secret: SECRET, body: Buffer.from(body), timestamp: 0 });
	return { ...signed, headers: { ...signed.headers, 'x-github-delivery': id } };
}

function nested(depth: number): string {
	return `${'{"a":'.repeat(depth - 1)}[1]${'}'.repeat(depth - 1)}`;
}

function refusal(decision: IntakeDecision): [number, string] | 'not refused' {
	return decision.outcome === 'rejected' ? [decision.status, decision.reason.code] : 'not refused';
}

describe('intake limits: body size (413) and JSON nesting (400), before anything is recorded', () => {
	test('a signed body over the size limit is answered 413 and leaves no replay entry: the same id is accepted afterwards', async () => {
		const replayStore = new MemoryReplayStore();
		const intake = (body: string) =>
			takeDelivery({
				scheme: 'githubHmac',
				secrets: [SECRET],
				delivery: delivery(body, 'evt-big'),
				replayStore,
				replayTtlSeconds: 600,
				limits: { maxBodyBytes: 100, maxJsonDepth: 32 },
			});
		assert.deepEqual(refusal(await intake(JSON.stringify({ pad: 'x'.repeat(100) }))), [413, 'body_too_large']);
		assert.equal(replayStore.size, 0);
		assert.equal((await intake(JSON.stringify({ pad: 'x' }))).outcome, 'accepted');
	});

	test('a signed body nested deeper than the limit is answered 400 and leaves no ledger claim', async () => {
		const ledger = new MemoryDeliveryLedger();
		const intake = (body: string) =>
			takeDelivery({
				scheme: 'githubHmac',
				secrets: [SECRET],
				delivery: delivery(body, 'evt-deep'),
				ledger: { ledger, endpoint: ENDPOINT, terms },
				limits: { maxBodyBytes: 1 << 20, maxJsonDepth: 8 },
			});
		assert.deepEqual(refusal(await intake(nested(9))), [400, 'body_too_deep']);
		// Not claimed: the next delivery of the id is its first claim, not one in flight.
		const next = await intake(nested(8));
		assert.deepEqual(next.outcome === 'accepted' && next.claim, { key: deliveryKey(ENDPOINT, 'evt-deep'), attempt: 1 });
	});

	test('defaults: 1 MiB of body and 32 levels of nesting', async () => {
		const replayStore = new MemoryReplayStore();
		const intake = (body: string, id: string) =>
			takeDelivery({
				scheme: 'githubHmac',
				secrets: [SECRET],
				delivery: delivery(body, id),
				replayStore,
				replayTtlSeconds: 600,
			});
		const exactly = JSON.stringify({ pad: '' }).length;
		assert.equal((await intake(JSON.stringify({ pad: 'x'.repeat(1024 * 1024 - exactly) }), 'mib')).outcome, 'accepted');
		assert.deepEqual(refusal(await intake(JSON.stringify({ pad: 'x'.repeat(1024 * 1024 - exactly + 1) }), 'mib+1')), [
			413,
			'body_too_large',
		]);
		assert.equal((await intake(nested(32), 'depth-32')).outcome, 'accepted');
		assert.deepEqual(refusal(await intake(nested(33), 'depth-33')), [400, 'body_too_deep']);
		assert.equal(replayStore.size, 2);
	});

	test('brackets inside JSON strings do not count; bodies that are not JSON are not measured', async () => {
		const replayStore = new MemoryReplayStore();
		const intake = (body: string, id: string) =>
			takeDelivery({
				scheme: 'githubHmac',
				secrets: [SECRET],
				delivery: delivery(body, id),
				replayStore,
				replayTtlSeconds: 600,
				limits: { maxBodyBytes: 1 << 20, maxJsonDepth: 2 },
			});
		assert.equal((await intake(JSON.stringify({ text: '[[[[{{{{ \\" [[[' }), 'strings')).outcome, 'accepted');
		assert.equal((await intake('a=[[[[[[&b={{{{{', 'form')).outcome, 'accepted');
		assert.deepEqual(refusal(await intake(' \n[[[1]]]', 'spaced')), [400, 'body_too_deep']);
	});

	test('a million open brackets are refused without a stack overflow', async () => {
		const decision = await takeDelivery({
			scheme: 'githubHmac',
			secrets: [SECRET],
			delivery: delivery('['.repeat(1_000_000), 'evt-brackets'),
			replayStore: new MemoryReplayStore(),
			replayTtlSeconds: 600,
			limits: { maxBodyBytes: 2_000_000, maxJsonDepth: 32 },
		});
		assert.deepEqual(refusal(decision), [400, 'body_too_deep']);
	});

	test('a forged oversized body is refused for its size before its signature is checked', async () => {
		const forged = {
			headers: { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}`, 'x-github-delivery': 'evt-forged' },
			rawBody: 'x'.repeat(200),
		};
		const decision = await takeDelivery({
			scheme: 'githubHmac',
			secrets: [SECRET],
			delivery: forged,
			replayStore: new MemoryReplayStore(),
			replayTtlSeconds: 600,
			limits: { maxBodyBytes: 100, maxJsonDepth: 32 },
		});
		assert.deepEqual(refusal(decision), [413, 'body_too_large']);
	});
});
