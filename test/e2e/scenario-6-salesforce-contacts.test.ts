import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput } from '../../scripts/n8n/run-data';
import { FakeApp, type AppRecord } from '../fakes/app/fake-app';
import { FakeGoogleCalendar } from '../fakes/systems/fake-google-calendar';
import { FakeSalesforce } from '../fakes/systems/fake-salesforce';
import { FakeStripe } from '../fakes/systems/fake-stripe';
import { loadScenarioWorkflow } from '../support/scenario-workflow';
import { eventually } from '../support/eventually';

const usersWorkflow = 'scenario-6-app-users-to-salesforce.json';
const welcomeWorkflow = 'scenario-6-salesforce-contacts-to-welcome-calls.json';

/** n8n polls at most once a minute: a wait covers two and a half polls. */
const pollTimeoutMs = 150_000;

const metadata = (item: Record<string, unknown>) => item._syncbridge as Record<string, unknown>;

describe('scenario 6: app users upserted into Salesforce by external id; Salesforce, Stripe and Google Calendar connectors in one flow', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let salesforce: FakeSalesforce;
	let stripe: FakeStripe;
	let google: FakeGoogleCalendar;
	let usersWorkflowId: string;
	let ada: AppRecord;
	const contactsOf = (externalId: string) =>
		salesforce.contacts.filter((contact) => contact.ExternalId__c === externalId);
	const salesforceWrites = () =>
		salesforce.requestsTo('/services/data/', 'PATCH').map((request) => new URL(request.url, 'http://x').pathname);

	before(async () => {
		app = await new FakeApp({ resources: ['users'], signingSecret: 'whsec_c2NlbmFyaW8tNi11bnVzZWQ=' }).start();
		salesforce = await new FakeSalesforce().start();
		stripe = await new FakeStripe().start();
		google = await new FakeGoogleCalendar().start();

		ada = await app.create('users', {
			firstName: 'Ada',
			lastName: 'Lovelace',
			email: 'ada@example.com',
			phone: '+31 20 123 4567',
			address: { line1: 'Oudegracht 1', postalCode: '3511 AA', city: 'Utrecht', country: 'NL' },
			preferences: { noEmail: false },
			memberSince: '2021',
			membership: { level: 'gold' },
		});
		const grace = await app.create('users', {
			firstName: 'Grace',
			lastName: 'Hopper',
			email: 'grace@example.com',
			memberSince: '2019',
			membership: { level: 'silver' },
		});
		await app.create('users', {
			firstName: 'Prince',
			lastName: '',
			email: 'prince@example.com',
			memberSince: '2024',
			membership: { level: 'bronze' },
		});
		// Grace came into Salesforce earlier, by a data import that filled the external id.
		salesforce.addContact({
			FirstName: 'Grace',
			LastName: 'Hopper (import)',
			Email: 'g.hopper@old.example',
			ExternalId__c: grace.id,
		});

		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: `${app.url}/api`, headerName: 'X-App-Key', apiKey: app.apiKey, testPath: '/users?limit=1' },
			},
			{
				id: 'sbSalesforce',
				name: 'Salesforce connected app',
				type: 'syncBridgeSalesforceOAuth2Api',
				// As n8n stores it after the consent screen; the session behind this access token has ended.
				data: {
					loginUrl: salesforce.url,
					instanceUrl: salesforce.url,
					clientId: salesforce.clientId,
					clientSecret: salesforce.clientSecret,
					oauthTokenData: {
						access_token: '00Dfake!ended-session',
						refresh_token: salesforce.refreshToken,
						instance_url: salesforce.url,
						token_type: 'Bearer',
						scope: 'api refresh_token',
					},
				},
			},
			{
				id: 'sbStripe',
				name: 'Stripe secret key',
				type: 'syncBridgeStripeApi',
				data: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			},
			{
				id: 'sbGoogleCalendar',
				name: 'Google Calendar account',
				type: 'syncBridgeGoogleCalendarOAuth2Api',
				data: {
					baseUrl: google.url,
					clientId: 'membership-office.apps.googleusercontent.com',
					clientSecret: 'google-client-secret',
					oauthTokenData: {
						access_token: google.accessToken,
						refresh_token: 'google-refresh-token',
						token_type: 'Bearer',
					},
				},
			},
		]);
		usersWorkflowId = await n8n.importWorkflow(await loadScenarioWorkflow(usersWorkflow, {}));
		await n8n.publish(await n8n.importWorkflow(await loadScenarioWorkflow(welcomeWorkflow, {})));
	});

	after(async () => {
		await n8n?.dispose();
		for (const fake of [app, salesforce, stripe, google]) await fake?.stop();
	});

	test("the first run refreshes the ended session, creates Ada by external id, updates Grace's imported contact in place, and puts Salesforce's refusal on the Error output", async () => {
		const run = await n8n.execute(usersWorkflowId);
		assert.equal(salesforce.tokenRequests('refresh_token'), 1, 'n8n refreshed the token once, on the first 401');
		const [firstCall] = salesforce.requestsTo('/services/data/');
		assert.equal(firstCall.headers.authorization, 'Bearer 00Dfake!ended-session');

		assert.equal(contactsOf(ada.id).length, 1);
		assert.deepEqual((({ FirstName, LastName, Email }) => ({ FirstName, LastName, Email }))(contactsOf(ada.id)[0]), {
			FirstName: 'Ada',
			LastName: 'Lovelace',
			Email: 'ada@example.com',
		});
		const grace = app.list('users')[1];
		assert.equal(contactsOf(grace.id).length, 1, 'the imported contact is matched by its external id, not duplicated');
		assert.equal(contactsOf(grace.id)[0].LastName, 'Hopper');
		assert.equal(contactsOf(grace.id)[0].Email, 'grace@example.com');
		assert.equal(salesforce.contacts.length, 2);

		const written = nodeOutput(run, 'Upsert Salesforce Contact', 0);
		assert.deepEqual(written.map((item) => [metadata(item).action, metadata(item).targetId]).sort(), [
			['created', ada.id],
			['created', grace.id],
		]);
		const refused = nodeOutput(run, 'Upsert Salesforce Contact', 1);
		assert.equal(refused.length, 1);
		assert.equal(refused[0].ExternalId__c, 'app-000003', 'the failing item is kept as it was');
		// The three users went in one sObject Collections call; Salesforce refused one record of it.
		assert.deepEqual(metadata(refused[0]).error, {
			code: 'RECORD_REJECTED',
			message:
				'Salesforce answered HTTP 400 (REQUIRED_FIELD_MISSING) in a bulk call: Required fields are missing: [LastName]',
			httpStatus: 400,
			deadLetterId: (metadata(refused[0]).error as { deadLetterId: number }).deadLetterId,
		});
		assert.deepEqual(
			[...new Set(salesforceWrites())],
			['/services/data/v60.0/composite/sobjects/Contact/ExternalId__c'],
			'the three upserts went in collection calls (the first one again after the token refresh)',
		);
	});

	test('a rerun writes nothing for unchanged users, keeps one contact per external id and uses the refreshed token', async () => {
		const before = salesforceWrites();
		const run = await n8n.execute(usersWorkflowId);
		assert.deepEqual(
			nodeOutput(run, 'Check User', 2).map((item) => item.id),
			[ada.id, app.list('users')[1].id],
			'Ada and Grace are unchanged',
		);
		assert.deepEqual(
			salesforceWrites().slice(before.length),
			['/services/data/v60.0/sobjects/Contact/ExternalId__c/app-000003'],
			'only the user Salesforce refused is tried again',
		);
		assert.equal(nodeOutput(run, 'Upsert Salesforce Contact', 1).length, 1);
		assert.equal(salesforce.contacts.length, 2);
		assert.equal(salesforce.tokenRequests('refresh_token'), 1, 'the refreshed token was saved with the credential');
	});

	test('a changed user is updated in place, after n8n refreshes a session that expired in between', async () => {
		const contactId = contactsOf(ada.id)[0].Id;
		await app.update('users', ada.id, { email: 'ada.lovelace@example.com' });
		salesforce.expireSessions();
		const run = await n8n.execute(usersWorkflowId);
		assert.deepEqual(
			nodeOutput(run, 'Check User', 1).map((item) => item.id),
			[ada.id],
		);
		assert.deepEqual(
			nodeOutput(run, 'Upsert Salesforce Contact', 0).map((item) => metadata(item).action),
			['updated'],
		);
		assert.equal(salesforce.tokenRequests('refresh_token'), 2);
		assert.equal(contactsOf(ada.id).length, 1);
		assert.equal(contactsOf(ada.id)[0].Id, contactId, 'the same Salesforce contact');
		assert.equal(contactsOf(ada.id)[0].Email, 'ada.lovelace@example.com');
		assert.equal(salesforce.contacts.length, 2);
	});

	test('contacts added in Salesforce after the poller started get one welcome call each, noting their Stripe customer found by e-mail', async () => {
		const created = await fetch(`${stripe.url}/v1/customers`, {
			method: 'POST',
			headers: { authorization: `Bearer ${stripe.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'kari@example.no', name: 'Kari Nordmann' }),
		});
		const kariCustomer = (await created.json()) as { id: string };
		const queries = () => salesforce.requestsTo('/services/data/v60.0/query', 'GET').length;

		await n8n.start();
		// Activation polls once: it notes where Salesforce is and emits nothing for the contacts already there.
		await eventually(() => (queries() >= 1 ? true : undefined), 'the first Salesforce poll', pollTimeoutMs, 200);
		const kari = salesforce.addContact({ FirstName: 'Kari', LastName: 'Nordmann', Email: 'kari@example.no' });
		const ola = salesforce.addContact({ FirstName: 'Ola', LastName: 'Nordmann', Email: 'ola@example.no' });

		const calendar = () => google.calendars.get('primary') ?? [];
		await eventually(() => (calendar().length >= 2 ? true : undefined), 'two welcome calls', pollTimeoutMs, 200);
		const polled = queries();
		await eventually(() => (queries() > polled ? true : undefined), 'the next Salesforce poll', pollTimeoutMs, 200);
		await new Promise((resolve) => setTimeout(resolve, 8_000));

		const calls = calendar().map((event) => ({
			summary: event.summary,
			description: event.description,
			contact: (event.extendedProperties as { private: Record<string, string> }).private.salesforceContactId,
		}));
		assert.deepEqual(
			calls.sort((a, b) => String(a.summary).localeCompare(String(b.summary))),
			[
				{
					summary: 'Welcome call: Kari Nordmann',
					description: `Already a Stripe customer (${kariCustomer.id}), kari@example.no`,
					contact: kari.Id,
				},
				{
					summary: 'Welcome call: Ola Nordmann',
					description: 'No Stripe customer yet, ola@example.no',
					contact: ola.Id,
				},
			],
			'one call per new contact; Ada and Grace were there before the poller started',
		);
		const lookups = stripe
			.requestsTo('/v1/customers', 'GET')
			.map((request) => new URL(request.url, 'http://x').searchParams.get('email'))
			.sort();
		assert.deepEqual(lookups, ['kari@example.no', 'ola@example.no']);
		assert.ok(
			calendar().every((event) => /T10:00:00Z$/.test(event.start.dateTime) && /T10:30:00Z$/.test(event.end.dateTime)),
		);
	});
});
