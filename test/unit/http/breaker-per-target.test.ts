import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { SyncBridgeContractCheck } from '../../../nodes/SyncBridgeContractCheck/SyncBridgeContractCheck.node';
import { SyncBridgeUpsert } from '../../../nodes/SyncBridgeUpsert/SyncBridgeUpsert.node';
import { connectorBreakerTarget, salesforceConnector, stripeConnector } from '../../../runtime/connectors';
import { closeAllStores } from '../../../runtime/contracts/open-store';
import { breakerFor, breakerTarget, BreakerTargetError } from '../../../runtime/http/breaker-registry';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { executeContext, inputItems, type Credentials } from '../connector-nodes/fake-n8n-context';
import { authorizationCodeToken } from '../connectors/oauth-grants';

describe('one circuit breaker per system and credential', () => {
	it('requests to one origin with one credential share a breaker, whatever their path', () => {
		assert.equal(
			breakerFor(breakerTarget('https://api.stripe.test/v1/customers', 'cred-a')),
			breakerFor(breakerTarget('https://api.stripe.test/v1/prices?limit=3', 'cred-a')),
		);
	});

	it('another credential, another origin, or no credential is another breaker', () => {
		const a = breakerFor(breakerTarget('https://api.stripe.test/v1/customers', 'cred-a'));
		assert.notEqual(a, breakerFor(breakerTarget('https://api.stripe.test/v1/customers', 'cred-b')));
		assert.notEqual(a, breakerFor(breakerTarget('https://eu.salesforce.test/services', 'cred-a')));
		assert.notEqual(a, breakerFor(breakerTarget('https://api.stripe.test/v1/customers')));
	});

	it('a URL without a network origin names no target: an unresolved template or a connector: key is an error, not the shared "null" breaker', () => {
		for (const url of ['{{baseUrl}}/v1/customers', 'connector:stripe', 'mailto:ops@example.test']) {
			assert.throws(
				() => breakerTarget(url, 'cred-a'),
				(error: unknown) =>
					error instanceof BreakerTargetError && /names no circuit breaker target/.test(error.message),
				url,
			);
		}
	});

	it("a connector's target is its base URL resolved with the credential's fields", () => {
		assert.deepEqual(
			connectorBreakerTarget(stripeConnector, { baseUrl: 'http://127.0.0.1:4242/', secretKey: 'sk' }, 'stripe-1'),
			{ origin: 'http://127.0.0.1:4242', credential: 'stripe-1' },
		);
		assert.deepEqual(
			connectorBreakerTarget(salesforceConnector, { instanceUrl: 'https://acme.my.salesforce.test' }, 'sf-1'),
			{ origin: 'https://acme.my.salesforce.test', credential: 'sf-1' },
		);
	});
});

/** Upsert through a connector, as n8n runs it: the node's credentials of each type carry n8n's credential id. */
describe('SyncBridge Upsert through connectors: one system failing opens only its own breaker', () => {
	const stripe = new FakeStripe();
	const salesforce = new FakeSalesforce();
	let dir: string;
	let credentials: Credentials;
	let run = 0;

	before(async () => {
		await Promise.all([stripe.start(), salesforce.start()]);
		dir = mkdtempSync(join(tmpdir(), 'syncbridge-breakers-'));
		const granted = (await authorizationCodeToken(salesforce)).body as { access_token: string; instance_url: string };
		credentials = {
			syncBridgeStripeApi: { baseUrl: stripe.url, secretKey: stripe.secretKey },
			syncBridgeSalesforceOAuth2Api: { instanceUrl: granted.instance_url, accessToken: granted.access_token },
		};
	});
	after(async () => {
		await closeAllStores();
		await Promise.all([stripe.stop(), salesforce.stop()]);
		rmSync(dir, { recursive: true, force: true });
	});

	const store = () => ({ store: 'sqlite', sqlitePath: join(dir, 'contracts.sqlite') });

	/** Contract Check, then Upsert into `connector` with the n8n credential `credentialId`. */
	async function sync(
		connector: 'stripe' | 'salesforce',
		credentialId: string,
		records: IDataObject[],
	): Promise<{ written: INodeExecutionData[]; failed: INodeExecutionData[] }> {
		const synchronizationId = `breakers-${connector}-${++run}`;
		const check = executeContext(
			{
				synchronizationId,
				originIdPath: connector === 'stripe' ? 'email' : 'ExternalId__c',
				inboundSide: 'origin',
				volatileFields: '',
				configVersion: '1',
				mappingVersion: '1',
				force: false,
				detectOrphans: false,
				...store(),
			},
			inputItems(records),
			credentials,
		);
		const [routed] = await new SyncBridgeContractCheck().execute.call(check.context);
		const credentialType = connector === 'stripe' ? 'syncBridgeStripeApi' : 'syncBridgeSalesforceOAuth2Api';
		const upsert = executeContext(
			{
				target: 'connector',
				connector,
				resource: connector === 'stripe' ? 'customers' : 'contacts',
				pathParameters: '{}',
				upsertBy: connector === 'stripe' ? '' : 'ExternalId__c',
				conflictPolicy: 'none',
				volatileFields: '',
				testRun: false,
				options: { maxAttempts: 2, concurrency: 1 },
				...store(),
			},
			routed,
			credentials,
		);
		const context = {
			...upsert.context,
			getNode: () => ({
				...upsert.context.getNode(),
				credentials: { [credentialType]: { id: credentialId, name: `${connector} ${credentialId}` } },
			}),
		} as IExecuteFunctions;
		const [written, failed] = await new SyncBridgeUpsert().execute.call(context);
		return { written, failed };
	}

	const errorCode = (item: INodeExecutionData) => ((item.json._syncbridge as IDataObject).error as IDataObject).code;
	const customers = (count: number, prefix: string) =>
		Array.from({ length: count }, (_, n) => ({ email: `${prefix}-${n}@example.test`, name: `Customer ${n}` }));

	it("Stripe failing opens Stripe's breaker; Salesforce writes and a second Stripe account's writes go through", async () => {
		stripe.unavailable = 503;
		// 5 items x 2 attempts = 10 consecutive failures: the breaker opens; the 6th item is not sent.
		const down = await sync('stripe', 'stripe-account-a', customers(6, 'a'));
		assert.deepEqual(down.failed.map(errorCode), [
			'RETRY_EXHAUSTED',
			'RETRY_EXHAUSTED',
			'RETRY_EXHAUSTED',
			'RETRY_EXHAUSTED',
			'RETRY_EXHAUSTED',
			'CIRCUIT_OPEN',
		]);
		assert.equal(stripe.requests.filter((request) => request.url.startsWith('/v1/customers')).length, 10);

		const other = await sync('salesforce', 'salesforce-1', [
			{ ExternalId__c: 'app-1', LastName: 'Hopper' },
			{ ExternalId__c: 'app-2', LastName: 'Lovelace' },
		]);
		assert.deepEqual([other.written.length, other.failed.length, salesforce.contacts.length], [2, 0, 2]);

		// Stripe is back. Account A's breaker stays open for its period; account B, on the same API, has its own.
		stripe.unavailable = undefined;
		const secondAccount = await sync('stripe', 'stripe-account-b', customers(2, 'b'));
		assert.deepEqual([secondAccount.written.length, secondAccount.failed.length], [2, 0]);
		const stillOpen = await sync('stripe', 'stripe-account-a', customers(1, 'a-again'));
		assert.deepEqual(stillOpen.failed.map(errorCode), ['CIRCUIT_OPEN']);
		assert.equal(stripe.customers.length, 2);
	});
});
