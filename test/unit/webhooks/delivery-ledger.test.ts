import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { takeDelivery } from '../../../runtime/webhooks/delivery-intake';
import { deliveryKey, type DeliveryLedger } from '../../../runtime/webhooks/delivery-ledger';
import { MemoryDeliveryLedger } from '../../support/memory-delivery-ledger';
import { PostgresDeliveryLedger } from '../../../runtime/webhooks/postgres-delivery-ledger';
import { dropSchema, ensurePostgres, uniqueSchema, type PostgresHandle } from '../contracts/postgres-server';

const terms = { leaseSeconds: 60, retentionSeconds: 3600 };

describe('MemoryDeliveryLedger: claim, in flight, complete, lease expiry', () => {
	it('a delivery is claimed once; a duplicate while in flight is told to retry; a completed one is a duplicate', async () => {
		let now = 1_000_000;
		const ledger = new MemoryDeliveryLedger(() => now);
		assert.deepEqual(await ledger.claim('k', terms), { state: 'claimed', attempt: 1 });
		now += 10_000;
		assert.deepEqual(await ledger.claim('k', terms), { state: 'in-flight', retryAfterSeconds: 50 });
		await ledger.complete(['k', 'unknown']);
		assert.deepEqual(await ledger.claim('k', terms), { state: 'completed' });
	});

	it('a claim whose run died is claimed again after its lease (the retry of a lost delivery is processed)', async () => {
		let now = 0;
		const ledger = new MemoryDeliveryLedger(() => now);
		await ledger.claim('k', terms);
		now += 60_000;
		assert.deepEqual(await ledger.claim('k', terms), { state: 'claimed', attempt: 2 });
	});

	it('a completed delivery is forgotten after the retention', async () => {
		let now = 0;
		const ledger = new MemoryDeliveryLedger(() => now);
		await ledger.claim('k', terms);
		await ledger.complete(['k']);
		now += 3_600_000;
		assert.deepEqual(await ledger.claim('k', terms), { state: 'claimed', attempt: 1 });
	});
});

describe('takeDelivery with a ledger', () => {
	const secret = 'ledger-secret-0123456789';
	const body = '{"id":"obj-1"}';
	const delivery = (id: string) => ({
		headers: {
			'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
			'x-github-delivery': id,
		},
		rawBody: Buffer.from(body),
	});
	const take = (ledger: DeliveryLedger, id: string) =>
		takeDelivery({
			scheme: 'githubHmac',
			secrets: [secret],
			delivery: delivery(id),
			ledger: { ledger, endpoint: 'wf/node/webhook', terms },
		});

	it('accepted with its claim, then in-flight, then duplicate once completed; forgeries claim nothing', async () => {
		const ledger = new MemoryDeliveryLedger();
		const first = await take(ledger, 'd-1');
		assert.deepEqual(first, {
			outcome: 'accepted',
			eventId: 'd-1',
			timestamp: undefined,
			claim: { key: deliveryKey('wf/node/webhook', 'd-1'), attempt: 1 },
		});
		const again = await take(ledger, 'd-1');
		assert.deepEqual(
			again,
			{ outcome: 'in-flight', eventId: 'd-1', retryAfterSeconds: 5 },
			'a short hint, not the whole 60 s lease',
		);
		await ledger.complete([deliveryKey('wf/node/webhook', 'd-1')]);
		assert.deepEqual(await take(ledger, 'd-1'), { outcome: 'duplicate', eventId: 'd-1' });

		const forged = await takeDelivery({
			scheme: 'githubHmac',
			secrets: ['another-secret-0123456789'],
			delivery: delivery('d-2'),
			ledger: { ledger, endpoint: 'wf/node/webhook', terms },
		});
		assert.equal(forged.outcome, 'rejected');
		assert.equal((await take(ledger, 'd-2')).outcome, 'accepted', 'the forged delivery left no claim');
	});
});

describe('PostgresDeliveryLedger', () => {
	let server: PostgresHandle;
	let schema: string;
	let ledger: PostgresDeliveryLedger;
	let other: PostgresDeliveryLedger;

	before(async () => {
		server = await ensurePostgres();
		schema = uniqueSchema('ledger');
		ledger = new PostgresDeliveryLedger({ pool: { connectionString: server.url }, schema });
		other = new PostgresDeliveryLedger({ pool: { connectionString: server.url }, schema });
	});
	after(async () => {
		await ledger.close();
		await other.close();
		await dropSchema(server.url, schema);
		await server.stop();
	});

	it('claim / in flight / complete / duplicate across two handles (two processes)', async () => {
		assert.deepEqual(await ledger.claim('a', terms), { state: 'claimed', attempt: 1 });
		const inFlight = await other.claim('a', terms);
		assert.equal(inFlight.state, 'in-flight');
		assert.ok(inFlight.state === 'in-flight' && inFlight.retryAfterSeconds > 0 && inFlight.retryAfterSeconds <= 60);
		await other.complete(['a']);
		assert.deepEqual(await ledger.claim('a', terms), { state: 'completed' });
	});

	it('an expired lease is claimed again, counting attempts', async () => {
		assert.deepEqual(await ledger.claim('b', { leaseSeconds: 1, retentionSeconds: 3600 }), {
			state: 'claimed',
			attempt: 1,
		});
		await new Promise((resolve) => setTimeout(resolve, 1100));
		assert.deepEqual(await other.claim('b', terms), { state: 'claimed', attempt: 2 });
	});

	it('twenty concurrent claims of one delivery from two handles: exactly one wins', async () => {
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? ledger : other).claim('c', terms)),
		);
		assert.equal(results.filter((result) => result.state === 'claimed').length, 1);
		assert.equal(results.filter((result) => result.state === 'in-flight').length, 19);
	});
});
