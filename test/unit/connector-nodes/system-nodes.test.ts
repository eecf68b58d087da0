import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { SyncBridgeConsio } from '../../../nodes/SyncBridgeConsio/SyncBridgeConsio.node';
import { SyncBridgeCornerstone } from '../../../nodes/SyncBridgeCornerstone/SyncBridgeCornerstone.node';
import { SyncBridgeDynamics365 } from '../../../nodes/SyncBridgeDynamics365/SyncBridgeDynamics365.node';
import { SyncBridgeGoogleCalendar } from '../../../nodes/SyncBridgeGoogleCalendar/SyncBridgeGoogleCalendar.node';
import { SyncBridgeSalesforce } from '../../../nodes/SyncBridgeSalesforce/SyncBridgeSalesforce.node';
import { SyncBridgeStripe } from '../../../nodes/SyncBridgeStripe/SyncBridgeStripe.node';
import { SyncBridgeXledger } from '../../../nodes/SyncBridgeXledger/SyncBridgeXledger.node';
import { FakeConsio } from '../../fakes/systems/fake-consio';
import { FakeCornerstone } from '../../fakes/systems/fake-cornerstone';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { FakeXledger } from '../../fakes/systems/fake-xledger';
import { executeContext, inputItems, type Credentials } from './fake-n8n-context';

type Executable = { execute(this: unknown): Promise<INodeExecutionData[][]> };

async function run(
	node: Executable,
	parameters: Record<string, unknown> | ((name: string, index: number) => unknown),
	items: INodeExecutionData[],
	credentials: Credentials,
) {
	const { context, sent } = executeContext(
		typeof parameters === 'function' ? parameters : { options: { maxAttempts: 1 }, ...parameters },
		items,
		credentials,
	);
	const [success, errors] = await node.execute.call(context);
	return { success, errors, sent };
}

const one = inputItems([{}]);
const error = (item: INodeExecutionData) => (item.json._syncbridge as IDataObject).error as IDataObject;

describe('SyncBridge Stripe node', () => {
	const stripe = new FakeStripe();
	let credentials: Credentials;
	before(async () => {
		await stripe.start();
		stripe.seedCustomers(230);
		credentials = { syncBridgeStripeApi: { secretKey: stripe.secretKey, baseUrl: stripe.url } };
	});
	after(() => stripe.stop());

	it('lists every customer across starting_after pages with Return All', async () => {
		const { success, errors, sent } = await run(
			new SyncBridgeStripe(),
			{ resource: 'customers', operation: 'list', returnAll: true },
			one,
			credentials,
		);
		assert.equal(errors.length, 0);
		assert.equal(success.length, 230);
		assert.equal(new Set(success.map((item) => item.json.id)).size, 230);
		assert.equal(sent.length, 3);
		assert.match(sent[1].url, /starting_after=cus_fake/);
		assert.ok(success.every((item) => (item.pairedItem as { item: number }).item === 0));
	});

	it('stops at the limit without Return All', async () => {
		const { success, sent } = await run(
			new SyncBridgeStripe(),
			{ resource: 'customers', operation: 'list', returnAll: false, limit: 5 },
			one,
			credentials,
		);
		assert.equal(success.length, 5);
		assert.equal(sent.length, 1);
	});

	it('creates customers form-encoded from the input items, one output per item', async () => {
		const items = inputItems([
			{ email: 'a@example.test', metadata: { app_user_id: 'u-1' } },
			{ email: 'b@example.test', _syncbridge: { inboundId: 'x' } },
		]);
		const { success, errors, sent } = await run(
			new SyncBridgeStripe(),
			{ resource: 'customers', operation: 'create', bodySource: 'item' },
			items,
			credentials,
		);
		assert.equal(errors.length, 0);
		assert.deepEqual(
			success.map((item) => item.json.email),
			['a@example.test', 'b@example.test'],
		);
		assert.deepEqual(
			success.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
		assert.equal(sent[0].headers['content-type'], 'application/x-www-form-urlencoded');
		assert.match(String(sent[0].body), /metadata%5Bapp_user_id%5D=u-1/);
		assert.doesNotMatch(String(sent[1].body), /_syncbridge/, 'metadata is never sent');
	});

	it("sends a missing customer to the Error output with Stripe's message, keeping the item", async () => {
		const items = inputItems([{ keep: 'me' }]);
		const { success, errors } = await run(
			new SyncBridgeStripe(),
			{ resource: 'customers', operation: 'get', id: 'cus_missing' },
			items,
			credentials,
		);
		assert.equal(success.length, 0);
		assert.equal(errors.length, 1);
		assert.equal(errors[0].json.keep, 'me');
		assert.deepEqual(errors[0].pairedItem, { item: 0 });
		assert.equal(error(errors[0]).httpStatus, 404);
		assert.equal(error(errors[0]).message, "Stripe answered HTTP 404: No such customer: 'cus_missing'");
	});

	it('sends an Idempotency-Key on writes when one is given', async () => {
		const { sent } = await run(
			new SyncBridgeStripe(),
			{
				resource: 'customers',
				operation: 'create',
				bodySource: 'json',
				bodyJson: '{"email":"i@example.test"}',
				options: { maxAttempts: 1, idempotencyKey: 'k-1' },
			},
			one,
			credentials,
		);
		assert.equal(sent[0].headers['idempotency-key'], 'k-1');
	});
});

describe('SyncBridge Salesforce node', () => {
	const salesforce = new FakeSalesforce();
	let credentials: Credentials;
	before(async () => {
		await salesforce.start();
		salesforce.batchSize = 3;
		salesforce.seedContacts(7);
		credentials = {
			syncBridgeSalesforceOAuth2Api: { instanceUrl: salesforce.url, accessToken: salesforce.accessToken },
		};
	});
	after(() => salesforce.stop());

	it('runs the SOQL query and follows nextRecordsUrl', async () => {
		const { success, errors, sent } = await run(
			new SyncBridgeSalesforce(),
			{ resource: 'contacts', operation: 'list', returnAll: true, listQuery: 'SELECT Id, Email FROM Contact' },
			one,
			credentials,
		);
		assert.equal(errors.length, 0);
		assert.equal(success.length, 7);
		assert.equal(sent.length, 3);
		assert.match(sent[0].url, /q=SELECT\+Id%2C\+Email\+FROM\+Contact/);
		assert.equal(sent[0].headers.Authorization, `Bearer ${salesforce.accessToken}`);
	});

	it('upserts by external ID: created, then updated', async () => {
		const parameters = {
			resource: 'contacts',
			operation: 'upsert',
			externalIdField: 'ExternalId__c',
			id: 'app-99',
			bodySource: 'item',
		};
		const first = await run(new SyncBridgeSalesforce(), parameters, inputItems([{ LastName: 'Nine' }]), credentials);
		assert.equal(first.errors.length, 0);
		assert.equal(first.success[0].json.created, true);
		assert.match(first.sent[0].url, /\/sobjects\/Contact\/ExternalId__c\/app-99$/);
		assert.equal(first.sent[0].method, 'PATCH');
		const second = await run(new SyncBridgeSalesforce(), parameters, inputItems([{ LastName: 'Nine B' }]), credentials);
		assert.equal(second.success[0].json.created, false);
		assert.equal(salesforce.contacts.filter((contact) => contact.ExternalId__c === 'app-99').length, 1);
	});

	it('reports an unknown external ID field through the Error output', async () => {
		const { errors } = await run(
			new SyncBridgeSalesforce(),
			{
				resource: 'contacts',
				operation: 'upsert',
				externalIdField: 'Nope__c',
				id: 'x',
				bodySource: 'json',
				bodyJson: '{}',
			},
			one,
			credentials,
		);
		assert.equal(error(errors[0]).httpStatus, 404);
		assert.match(
			String(error(errors[0]).message),
			/^Salesforce answered HTTP 404: Provided external ID field does not exist/,
		);
	});

	it('lets n8n refresh an expired session on 401 and sends the request again', async () => {
		salesforce.expireSessions();
		const refreshToken = async () => {
			const answer = await fetch(`${salesforce.url}/services/oauth2/token`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'refresh_token',
					refresh_token: salesforce.refreshToken,
					client_id: salesforce.clientId,
					client_secret: salesforce.clientSecret,
				}),
			});
			return ((await answer.json()) as { access_token: string }).access_token;
		};
		const refreshing = {
			syncBridgeSalesforceOAuth2Api: { ...credentials.syncBridgeSalesforceOAuth2Api, refreshToken },
		};
		const { success, errors, sent } = await run(
			new SyncBridgeSalesforce(),
			{ resource: 'contacts', operation: 'list', returnAll: true, listQuery: 'SELECT Id FROM Contact' },
			one,
			refreshing,
		);
		assert.equal(errors.length, 0);
		assert.ok(success.length > 0);
		assert.equal(salesforce.tokenRequests('refresh_token'), 1);
		assert.deepEqual(
			sent.slice(0, 2).map((request) => request.headers.Authorization),
			[credentials.syncBridgeSalesforceOAuth2Api.accessToken, salesforce.accessToken].map(
				(token) => `Bearer ${String(token)}`,
			),
		);

		// Still refused after the refresh: Salesforce's answer on the Error output, not a network failure.
		salesforce.expireSessions();
		const refused = await run(
			new SyncBridgeSalesforce(),
			{ resource: 'contacts', operation: 'get', id: '003FAKE00000000001' },
			one,
			credentials,
		);
		assert.equal(error(refused.errors[0]).httpStatus, 401);
		assert.equal(error(refused.errors[0]).message, 'Salesforce answered HTTP 401: Session expired or invalid');
	});
});

describe('SyncBridge Google Calendar node', () => {
	const google = new FakeGoogleCalendar();
	let credentials: Credentials;
	before(async () => {
		await google.start();
		google.seedEvents('primary', 520);
		credentials = { syncBridgeGoogleCalendarOAuth2Api: { baseUrl: google.url, accessToken: google.accessToken } };
	});
	after(() => google.stop());

	it('lists events of a calendar following nextPageToken', async () => {
		const { success, sent } = await run(
			new SyncBridgeGoogleCalendar(),
			{ resource: 'events', operation: 'list', calendarId: 'primary', returnAll: true },
			one,
			credentials,
		);
		assert.equal(success.length, 520);
		assert.equal(sent.length, 3);
		assert.match(sent[1].url, /pageToken=/);
	});

	it('creates an event and patches it', async () => {
		const created = await run(
			new SyncBridgeGoogleCalendar(),
			{ resource: 'events', operation: 'create', calendarId: 'primary', bodySource: 'item' },
			inputItems([
				{
					summary: 'Inspection',
					start: { dateTime: '2025-05-01T09:00:00Z' },
					end: { dateTime: '2025-05-01T10:00:00Z' },
				},
			]),
			credentials,
		);
		const id = String(created.success[0].json.id);
		assert.ok(id.startsWith('evt'));
		const updated = await run(
			new SyncBridgeGoogleCalendar(),
			{
				resource: 'events',
				operation: 'update',
				calendarId: 'primary',
				id,
				bodySource: 'json',
				bodyJson: { summary: 'Moved' },
			},
			one,
			credentials,
		);
		assert.equal(updated.success[0].json.summary, 'Moved');
		assert.equal(updated.sent[0].method, 'PATCH');
	});
});

describe('SyncBridge Dynamics 365 node', () => {
	const dynamics = new FakeDynamics365();
	let credentials: Credentials;
	before(async () => {
		await dynamics.start();
		dynamics.issuedTokens.add('fake-token');
		dynamics.seed(
			'contacts',
			Array.from({ length: 1100 }, (_, index) => ({ fullname: `Member ${index}` })),
		);
		credentials = { syncBridgeDynamics365OAuth2Api: { environmentUrl: dynamics.url, accessToken: 'fake-token' } };
	});
	after(() => dynamics.stop());

	it('follows @odata.nextLink with the Prefer header on every page', async () => {
		const { success, sent } = await run(
			new SyncBridgeDynamics365(),
			{ resource: 'contacts', operation: 'list', returnAll: true },
			one,
			credentials,
		);
		assert.equal(success.length, 1100);
		assert.equal(sent.length, 3);
		assert.ok(sent.every((request) => request.headers.prefer === 'odata.maxpagesize=500'));
		assert.ok(sent.every((request) => request.headers['odata-version'] === '4.0'));
	});

	it('creates a membership (204 + OData-EntityId) and returns its id', async () => {
		const { success, errors } = await run(
			new SyncBridgeDynamics365(),
			{ resource: 'memberships', operation: 'create', bodySource: 'item' },
			inputItems([{ new_name: 'Gold' }]),
			credentials,
		);
		assert.equal(errors.length, 0);
		const id = String(success[0].json.new_membershipid);
		assert.match(id, /^[0-9a-f-]{36}$/);
		assert.equal(dynamics.entitySets.get('new_memberships')?.records[0].new_membershipid, id);
	});

	it('update sends If-Match: * so a missing contact is an error, not a create', async () => {
		const { errors, sent } = await run(
			new SyncBridgeDynamics365(),
			{
				resource: 'contacts',
				operation: 'update',
				id: '00000000-0000-0000-0000-000000000000',
				bodySource: 'json',
				bodyJson: '{}',
			},
			one,
			credentials,
		);
		assert.equal(sent[0].headers['if-match'], '*');
		assert.equal(error(errors[0]).httpStatus, 404);
	});
});

describe('SyncBridge Xledger node', () => {
	const xledger = new FakeXledger();
	let credentials: Credentials;
	before(async () => {
		await xledger.start();
		credentials = { syncBridgeXledgerApi: { baseUrl: xledger.url, apiToken: xledger.apiToken } };
	});
	after(() => xledger.stop());

	const reimbursementParameters = (name: string, index: number): unknown => {
		const items = [
			{ voucherNumber: '5001', postedDate: '2025-03-31', amount: '48.6', expenseAccount: '7140' },
			{ voucherNumber: '5002', postedDate: '2025-03-31', amount: 'abc', expenseAccount: '7140' },
			{ voucherNumber: '5003', postedDate: '2025-04-01', amount: '120.05', expenseAccount: '7150' },
		];
		const fixed: Record<string, unknown> = {
			resource: 'accountingEntries',
			operation: 'exportReimbursements',
			payableAccount: '2930',
			text: 'Reimbursement',
			invoiceNumber: '',
			options: { maxAttempts: 1 },
		};
		return name in fixed ? fixed[name] : (items[index] as Record<string, unknown>)[name];
	};

	it('exports approved reimbursements as balanced vouchers in one mutation; a bad one goes to Error', async () => {
		const items = inputItems([{ id: 'R-1' }, { id: 'R-2' }, { id: 'R-3' }]);
		const { success, errors, sent } = await run(new SyncBridgeXledger(), reimbursementParameters, items, credentials);
		assert.equal(sent.length, 1);
		assert.deepEqual(
			success.map((item) => item.json.id),
			['R-1', 'R-3'],
		);
		assert.deepEqual(
			success.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 2 }],
		);
		assert.equal(((success[0].json._syncbridge as IDataObject).dbIds as string[]).length, 2);
		assert.equal(errors.length, 1);
		assert.equal(errors[0].json.id, 'R-2');
		assert.equal(error(errors[0]).code, 'INVALID_REIMBURSEMENT');
		const lines = xledger.items.filter((item) => item.trRegNumber === 5001);
		assert.deepEqual(
			lines.map((line) => [line.amount, line.account.code]),
			[
				['48.60', '7140'],
				['-48.60', '2930'],
			],
		);
	});

	it('lists GL import items across GraphQL cursor pages', async () => {
		xledger.seedItems(150);
		const { success, sent } = await run(
			new SyncBridgeXledger(),
			{ resource: 'accountingEntries', operation: 'list', returnAll: true },
			one,
			credentials,
		);
		assert.equal(success.length, xledger.items.length);
		assert.equal(sent.length, 2);
	});

	it('a GraphQL error on HTTP 200 is a failure', async () => {
		const { errors } = await run(
			new SyncBridgeXledger(),
			{
				resource: 'accountingEntries',
				operation: 'create',
				bodySource: 'json',
				bodyJson: {
					inputs: [{ node: { trRegNumber: 1, postedDate: '2025-01-01', amount: '1.00', account: { code: '1' } } }],
				},
			},
			one,
			credentials,
		);
		assert.equal(errors.length, 1);
		assert.match(String(error(errors[0]).message), /^Xledger answered HTTP 200: Voucher 1 does not balance/);
	});
});

describe('SyncBridge Cornerstone node', () => {
	const cornerstone = new FakeCornerstone();
	let credentials: Credentials;
	const enrollments = () =>
		inputItems([
			{ externalId: 'user1', learningObjectId: 'lo-1', assignment: 'registered', registeredAt: '2025-02-01' },
			{ externalId: 'user2', learningObjectId: 'lo-2', assignment: 'assigned', registeredAt: '2025-02-02' },
		]);
	before(async () => {
		await cornerstone.start();
		cornerstone.issuedTokens.add('csod-token');
		cornerstone.seedTranscripts(2300);
		credentials = { syncBridgeCornerstoneOAuth2Api: { portalUrl: cornerstone.url, accessToken: 'csod-token' } };
	});
	after(() => cornerstone.stop());

	it('lists enrollments following @odata.nextLink', async () => {
		const { success, sent } = await run(
			new SyncBridgeCornerstone(),
			{ resource: 'enrollments', operation: 'list', returnAll: true },
			one,
			credentials,
		);
		assert.equal(success.length, 2300);
		assert.equal(sent.length, 3);
	});

	it('exports through the API when it is up', async () => {
		const { success, errors } = await run(
			new SyncBridgeCornerstone(),
			{ resource: 'enrollments', operation: 'export', csvFallback: true },
			enrollments(),
			credentials,
		);
		assert.equal(errors.length, 0);
		assert.deepEqual(
			success.map((item) => (item.json._syncbridge as IDataObject).via),
			['api', 'api'],
		);
		assert.equal(((success[0].json._syncbridge as IDataObject).result as IDataObject).learningObjectId, 'lo-1');
	});

	for (const status of [503, 404]) {
		it(`writes the CSV file when the API answers ${status}`, async () => {
			cornerstone.unavailable = status;
			try {
				const { success, errors } = await run(
					new SyncBridgeCornerstone(),
					{ resource: 'enrollments', operation: 'export', csvFallback: true },
					enrollments(),
					credentials,
				);
				assert.equal(errors.length, 0);
				assert.equal(success.length, 1);
				assert.equal(success[0].json.via, 'csv');
				assert.equal(success[0].json.reason, status === 503 ? 'serverError' : 'endpointNotFound');
				assert.equal(success[0].json.rowCount, 2);
				assert.deepEqual(success[0].pairedItem, [{ item: 0 }, { item: 1 }]);
				const binary = success[0].binary?.data;
				assert.equal(binary?.fileName, 'cornerstone-enrollments.csv');
				assert.equal(binary?.mimeType, 'text/csv');
				assert.equal(
					Buffer.from(String(binary?.data), 'base64').toString('utf8'),
					'User ID,LO ID,Status,Registration Date\r\nuser1,lo-1,registered,2025-02-01\r\nuser2,lo-2,assigned,2025-02-02\r\n',
				);
			} finally {
				cornerstone.unavailable = undefined;
			}
		});
	}

	it('without the fallback an outage goes to the Error output; a bad token is never hidden behind a CSV', async () => {
		cornerstone.unavailable = 503;
		try {
			const off = await run(
				new SyncBridgeCornerstone(),
				{ resource: 'enrollments', operation: 'export', csvFallback: false },
				enrollments(),
				credentials,
			);
			assert.equal(off.errors.length, 2);
			assert.equal(off.success.length, 0);
		} finally {
			cornerstone.unavailable = undefined;
		}
		const badToken = await run(
			new SyncBridgeCornerstone(),
			{ resource: 'enrollments', operation: 'export', csvFallback: true },
			enrollments(),
			{ syncBridgeCornerstoneOAuth2Api: { portalUrl: cornerstone.url, accessToken: 'wrong' } },
		);
		assert.equal(badToken.success.length, 0);
		assert.equal(badToken.errors.length, 2);
		assert.equal(error(badToken.errors[0]).httpStatus, 401);
	});

	it('writes the undelivered items of an Upsert Error output to the CSV import file without calling the API', async () => {
		const failed = (code: string, httpStatus?: number) => ({
			_syncbridge: {
				synchronizationId: 's',
				action: 'failed',
				error: {
					code,
					message: `${code} ${httpStatus ?? ''}`.trim(),
					...(httpStatus === undefined ? {} : { httpStatus }),
				},
			},
		});
		const items = inputItems([
			{
				externalId: 'user1',
				learningObjectId: 'lo-1',
				assignment: 'registered',
				registeredAt: '2025-02-01',
				...failed('RETRY_EXHAUSTED', 503),
			},
			{
				externalId: 'user2',
				learningObjectId: 'lo-2',
				assignment: 'assigned',
				registeredAt: '2025-02-02',
				...failed('PERMANENT_HTTP_ERROR', 400),
			},
			{
				externalId: 'user3',
				learningObjectId: 'lo-3',
				assignment: 'assigned',
				registeredAt: '2025-02-03',
				...failed('CIRCUIT_OPEN'),
			},
			{ externalId: 'user4', learningObjectId: 'lo-4', assignment: 'assigned', registeredAt: '2025-02-04' },
		]);
		const { success, errors, sent } = await run(
			new SyncBridgeCornerstone(),
			{ resource: 'enrollments', operation: 'csvImportFile', csvItems: 'undelivered' },
			items,
			credentials,
		);
		assert.equal(sent.length, 0, 'the API is not called');
		assert.equal(success.length, 1);
		assert.deepEqual(success[0].json, {
			via: 'csv',
			fileName: 'cornerstone-enrollments.csv',
			rowCount: 2,
			reason: 'serverError',
			detail: 'RETRY_EXHAUSTED 503',
		});
		assert.deepEqual(success[0].pairedItem, [{ item: 0 }, { item: 2 }]);
		const binary = success[0].binary?.data;
		assert.equal(binary?.mimeType, 'text/csv');
		assert.equal(
			Buffer.from(String(binary?.data), 'base64').toString('utf8'),
			'User ID,LO ID,Status,Registration Date\r\nuser1,lo-1,registered,2025-02-01\r\nuser3,lo-3,assigned,2025-02-03\r\n',
		);
		assert.deepEqual(
			errors.map((item) => [item.json.externalId, error(item).code]),
			[
				['user2', 'PERMANENT_HTTP_ERROR'],
				['user4', 'NOT_UNDELIVERED'],
			],
		);
		assert.deepEqual(errors[0].json, items[1].json, 'a rejected write passes on unchanged');
	});
});

describe('SyncBridge Consio node', () => {
	const consio = new FakeConsio();
	let credentials: Credentials;
	const activities = () =>
		inputItems([
			{ memberNumber: 10001, activity: 'Dugnad', date: '2025-03-01', hours: 2.5 },
			{ memberNumber: 10002, activity: 'Kurs; grunnkurs', date: '2025-03-02', hours: 3 },
		]);
	before(async () => {
		await consio.start();
		consio.seedMembers(230);
		credentials = { syncBridgeConsioApi: { baseUrl: consio.url, apiKey: consio.apiKey } };
	});
	after(() => consio.stop());

	it('lists members by offset pages and reports the rate limit when asked', async () => {
		const { success, sent } = await run(
			new SyncBridgeConsio(),
			{ resource: 'members', operation: 'list', returnAll: true, options: { maxAttempts: 1, includeMetadata: true } },
			one,
			credentials,
		);
		assert.equal(success.length, 230);
		assert.equal(sent.length, 3);
		assert.match(sent[2].url, /offset=200/);
		const rateLimit = (success[0].json._syncbridge as IDataObject).rateLimit as IDataObject;
		assert.equal(rateLimit.limit, 1000);
	});

	it('updates a member with PUT', async () => {
		const { success } = await run(
			new SyncBridgeConsio(),
			{ resource: 'members', operation: 'update', id: '3', bodySource: 'json', bodyJson: '{"firstName":"Changed"}' },
			one,
			credentials,
		);
		assert.equal(success[0].json.firstName, 'Changed');
	});

	it('exports all activities in one call through the API', async () => {
		const { success, sent } = await run(
			new SyncBridgeConsio(),
			{ resource: 'activities', operation: 'export', csvFallback: true },
			activities(),
			credentials,
		);
		assert.equal(sent.length, 1);
		assert.equal((JSON.parse(String(sent[0].body)) as { activities: unknown[] }).activities.length, 2);
		assert.deepEqual(
			success.map((item) => (item.json._syncbridge as IDataObject).via),
			['api', 'api'],
		);
		assert.equal(consio.activities.length, 2);
	});

	it("creates one activity with Create: Consio's export endpoint gets it as a batch of one", async () => {
		const before = consio.activities.length;
		const { success, sent } = await run(
			new SyncBridgeConsio(),
			{ resource: 'activities', operation: 'create', bodySource: 'item' },
			inputItems([{ memberNumber: 10003, activity: 'Dugnad', date: '2025-03-03', hours: 1 }]),
			credentials,
		);
		assert.deepEqual(JSON.parse(String(sent[0].body)), {
			activities: [{ memberNumber: 10003, activity: 'Dugnad', date: '2025-03-03', hours: 1 }],
		});
		assert.equal(success[0].json.id, String(before + 1));
		assert.equal(consio.activities.length, before + 1);
	});

	it('falls back to the semicolon CSV with a BOM when Consio is down', async () => {
		consio.unavailable = 503;
		try {
			const { success } = await run(
				new SyncBridgeConsio(),
				{ resource: 'activities', operation: 'export', csvFallback: true },
				activities(),
				credentials,
			);
			assert.equal(success[0].json.via, 'csv');
			const text = Buffer.from(String(success[0].binary?.data.data), 'base64').toString('utf8');
			assert.equal(
				text,
				'\uFEFFMedlemsnummer;Aktivitet;Dato;Timer\r\n10001;Dugnad;2025-03-01;2,5\r\n10002;"Kurs; grunnkurs";2025-03-02;3\r\n',
			);
		} finally {
			consio.unavailable = undefined;
		}
	});

	it("writes every item to the CSV import file on request, in the descriptor's format", async () => {
		const { success, errors, sent } = await run(
			new SyncBridgeConsio(),
			{ resource: 'activities', operation: 'csvImportFile', csvItems: 'all' },
			activities(),
			credentials,
		);
		assert.equal(sent.length, 0);
		assert.equal(errors.length, 0);
		assert.deepEqual(success[0].json, { via: 'csv', fileName: 'consio-activities.csv', rowCount: 2 });
		const text = Buffer.from(String(success[0].binary?.data.data), 'base64').toString('utf8');
		assert.equal(
			text,
			'\uFEFFMedlemsnummer;Aktivitet;Dato;Timer\r\n10001;Dugnad;2025-03-01;2,5\r\n10002;"Kurs; grunnkurs";2025-03-02;3\r\n',
		);
	});
});
