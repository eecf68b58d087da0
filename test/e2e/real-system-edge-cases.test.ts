import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeOutput, type RunData } from '../../scripts/n8n/run-data';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { FakeApp, type AppRecord } from '../fakes/app/fake-app';
import { FakeCityCalendar } from '../fakes/systems/fake-city-calendar';
import { FakeGoogleCalendar } from '../fakes/systems/fake-google-calendar';
import { FakeStripe } from '../fakes/systems/fake-stripe';
import { eventually } from '../support/eventually';
import { loadScenarioWorkflow } from '../support/scenario-workflow';

const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const appointmentsPath = 'syncbridge-app-appointments';
const usersPath = 'syncbridge-app-users';
const stripeTriggerPath = '5f0e3b6a-8d2c-4f7e-b1a4-5000000000b1/webhook';
/** n8n polls at most once a minute: a wait covers two and a half polls. */
const pollTimeoutMs = 150_000;

/**
 * A one-off flow, executed from the CLI: an app user mapped to a Stripe customer by a mapping whose
 * author misspelled `email` as `emial`.
 */
function misspelledMappingWorkflow(): Record<string, unknown> & { id: string } {
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		parameters: Record<string, unknown>,
		extra: Record<string, unknown> = {},
	) => ({
		id: `0c1a7e52-5c3e-4b1d-9a51-9000000000${String(Object.keys(nodes).length + 1).padStart(2, '0')}`,
		name,
		type,
		typeVersion,
		position: [Object.keys(nodes).length * 220, 0],
		parameters,
		...extra,
	});
	const nodes: Record<string, unknown> = {};
	const add = (entry: ReturnType<typeof node>) => (nodes[entry.name] = entry);
	add(node('Run', 'n8n-nodes-base.manualTrigger', 1, {}));
	add(
		node('App User', 'n8n-nodes-base.code', 2, {
			jsCode: "return [{ json: { id: 'u-typo', email: 'typo@example.test', displayName: 'Typo' } }];",
		}),
	);
	add(
		node('Stripe Customer Contract', 'n8n-nodes-syncbridge.syncBridgeContractCheck', 1, {
			originIdPath: 'id',
			synchronizationId: 'misspelled-target-field',
		}),
	);
	add(
		node('Map To Stripe Customer', 'n8n-nodes-syncbridge.syncBridgeMapper', 1, {
			source: 'json',
			documentJson: JSON.stringify({
				name: 'App user to Stripe customer, with a typo',
				version: '1.0.0',
				mapping: { emial: 'email', name: 'displayName' },
			}),
		}),
	);
	add(
		node(
			'Upsert Stripe Customer',
			'n8n-nodes-syncbridge.syncBridgeUpsert',
			1,
			{ connector: 'stripe', resource: 'customers', target: 'connector' },
			{ credentials: { syncBridgeStripeApi: { id: 'sbStripeApi', name: 'Stripe account' } } },
		),
	);
	const to = (name: string) => [{ node: name, type: 'main', index: 0 }];
	return {
		id: 'sbIssue13Misspelled',
		name: 'A mapping with a misspelled Stripe field',
		nodes: Object.values(nodes),
		connections: {
			Run: { main: [to('App User')] },
			'App User': { main: [to('Stripe Customer Contract')] },
			'Stripe Customer Contract': { main: [to('Map To Stripe Customer'), [], [], []] },
			'Map To Stripe Customer': { main: [to('Upsert Stripe Customer'), []] },
		},
		settings: { executionOrder: 'v1' },
	};
}

describe("the real systems' edge cases through real n8n: a cancelled Google event, a Stripe customer deleted mid-edit, a misspelled field", () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let city: FakeCityCalendar;
	let google: FakeGoogleCalendar;
	let stripe: FakeStripe;
	let misspelledRun: RunData;

	const googlePolls = () => google.requestsTo('/calendar/v3/calendars/primary/events', 'GET');

	before(async () => {
		app = await new FakeApp({ resources: ['appointments', 'users'], signingSecret }).start();
		city = await new FakeCityCalendar().start();
		google = await new FakeGoogleCalendar().start();
		stripe = await new FakeStripe().start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbAppWebhookSecret',
				name: 'App webhook signing secret',
				type: 'syncBridgeWebhookSecretApi',
				data: { scheme: 'standardWebhooks', secrets: signingSecret },
			},
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: app.url, headerName: 'X-App-Key', apiKey: app.apiKey },
			},
			{
				id: 'sbCityCalendarKey',
				name: 'City calendar API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: city.url, headerName: 'X-API-Key', apiKey: city.apiKey },
			},
			{
				id: 'sbGoogleCalendar',
				name: 'Google Calendar account',
				type: 'syncBridgeGoogleCalendarOAuth2Api',
				data: {
					baseUrl: google.url,
					clientId: 'syncbridge-e2e.apps.googleusercontent.com',
					clientSecret: 'e2e-secret',
					oauthTokenData: { access_token: google.accessToken, token_type: 'Bearer', expires_in: 3599 },
				},
			},
			{
				id: 'sbStripeApi',
				name: 'Stripe account',
				type: 'syncBridgeStripeApi',
				data: { secretKey: stripe.secretKey, baseUrl: stripe.url },
			},
		]);
		const hosts = { 'http://city-calendar.syncbridge.invalid': city.url, 'http://app.syncbridge.invalid': app.url };
		for (const file of [
			'scenario-1-appointments-to-calendars.json',
			'scenario-1-google-calendar-to-app.json',
			'scenario-5-app-users-to-stripe-customers.json',
			'scenario-5-stripe-customers-to-app-users.json',
		]) {
			await n8n.publish(await n8n.importWorkflow(await loadScenarioWorkflow(file, hosts)));
		}
		// The CLI execution runs before the n8n process starts: both use the same database.
		misspelledRun = await n8n.execute(await n8n.importWorkflow(misspelledMappingWorkflow()));
		await n8n.start();
		await waitForWebhookRegistration(n8n.baseUrl, appointmentsPath);
		await waitForWebhookRegistration(n8n.baseUrl, usersPath);
		await waitForWebhookRegistration(n8n.baseUrl, stripeTriggerPath);
		await eventually(
			() => (stripe.webhookEndpoints.length === 1 ? true : undefined),
			'the Stripe trigger to register its endpoint',
		);
		app.subscribe('appointments', `${n8n.baseUrl}/webhook/${appointmentsPath}`);
		app.subscribe('users', `${n8n.baseUrl}/webhook/${usersPath}`);
		// Activating the polling workflow polls once: it keeps Google's sync token and emits nothing.
		await eventually(() => (googlePolls().length >= 1 ? true : undefined), 'the first Google poll', pollTimeoutMs, 200);
	});

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await city?.stop();
		await google?.stop();
		await stripe?.stop();
	});

	test("a mapping with a misspelled target field: Stripe's 400 names the field, the item leaves on Upsert's Error output with its dead letter, nothing is created", () => {
		assert.deepEqual(nodeOutput(misspelledRun, 'Upsert Stripe Customer', 0), [], 'nothing succeeded');
		const [failed] = nodeOutput(misspelledRun, 'Upsert Stripe Customer', 1);
		const outcome = failed._syncbridge as {
			action: string;
			error: { code: string; httpStatus: number; message: string; deadLetterId: number };
		};
		assert.deepEqual(
			{
				action: outcome.action,
				code: outcome.error.code,
				httpStatus: outcome.error.httpStatus,
				message: outcome.error.message,
			},
			{
				action: 'failed',
				code: 'PERMANENT_HTTP_ERROR',
				httpStatus: 400,
				message: 'Stripe answered HTTP 400: Received unknown parameter: emial',
			},
		);
		assert.equal(typeof outcome.error.deadLetterId, 'number', 'kept as a dead letter for replay');
		assert.equal(stripe.customers.length, 0);
	});

	test('an event cancelled in Google Calendar removes the appointment in the app at the next poll, through the sync token', async () => {
		const appointment = await app.create('appointments', {
			type: 'Inspection',
			caseNumber: 'Z-2026-0077',
			status: 'approved',
			startsAt: '2026-06-02T07:00:00Z',
			endsAt: '2026-06-02T08:00:00Z',
			location: { street: 'Lange Nieuwstraat 12', city: 'Utrecht' },
		});
		const [event] = google.liveEvents();
		assert.equal(event.summary, 'Inspection Z-2026-0077');

		// The next poll lists our own create (an echo: nothing to do); then a person cancels the event.
		const seen = googlePolls().length;
		await eventually(
			() => (googlePolls().length > seen ? true : undefined),
			'the next Google poll',
			pollTimeoutMs,
			200,
		);
		google.cancelEvent('primary', event.id);
		await eventually(
			() => (app.list('appointments').some((candidate) => candidate.id === appointment.id) ? undefined : true),
			'the appointment removed from the app',
			pollTimeoutMs,
			200,
		);

		assert.equal(app.requestsTo(`/api/appointments/${appointment.id}`, 'DELETE').length, 1);
		assert.equal(
			app.requestsTo('/api/appointments', 'PATCH').length,
			0,
			'the cancellation is a deletion, not an update',
		);
		const polls = googlePolls().map((request) => new URL(request.url, 'http://google').searchParams);
		assert.equal(polls[0].get('syncToken'), null, 'the first poll lists the calendar');
		assert.ok(
			polls.slice(1).every((query) => query.get('syncToken') !== null && query.get('updatedMin') === null),
			'later polls read the change feed',
		);
	});

	test('a customer deleted in Stripe while the app edits it: the edit is refused by Stripe (404), never resurrects it, and the queued customer.deleted then removes the user', async () => {
		const user: AppRecord = await app.create('users', { email: 'grace@example.test', displayName: 'Grace Hopper' });
		const customerId = await eventually(
			() => stripe.customers.find((customer) => customer.email === 'grace@example.test')?.id,
			'the customer in Stripe',
		);
		await eventually(
			() => (stripe.deliveries.length === stripe.events.length ? true : undefined),
			"Stripe's customer.created answered",
		);

		const deliverDeletion = stripe.dashboardDeletesCustomerEventQueued(customerId);
		await app.update('users', user.id, { displayName: 'Grace Brewster Hopper' });
		assert.equal(
			app.deliveries.at(-1)?.status,
			200,
			"the app event was handled (the failure is an item on Upsert's Error output)",
		);
		assert.equal(
			stripe.requestsTo(`/v1/customers/${customerId}`, 'POST').length,
			1,
			'the one update was sent and refused',
		);
		assert.equal(stripe.customers.length, 0, 'no customer came back: neither the deleted one nor a new one');

		await deliverDeletion();
		assert.deepEqual(stripe.deliveries.at(-1)?.status, 200);
		await eventually(
			() => (app.list('users').some((candidate) => candidate.id === user.id) ? undefined : true),
			'the user removed from the app',
		);
		assert.equal(stripe.customers.length, 0, "the app's users.deleted finds nothing left to delete in Stripe");
	});
});
