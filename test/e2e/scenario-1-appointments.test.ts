import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { FakeApp } from '../fakes/app/fake-app';
import { FakeCityCalendar, type CityEvent } from '../fakes/systems/fake-city-calendar';
import { FakeGoogleCalendar, type CalendarEvent } from '../fakes/systems/fake-google-calendar';
import { loadScenarioWorkflow } from '../support/scenario-workflow';
import { eventually } from '../support/eventually';

const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const appPath = 'syncbridge-app-appointments';
const cityPath = 'syncbridge-city-calendar-events';

/**
 * Both triggers answer after the sync ran (Respond: After Sync), and the fakes deliver a person's
 * change before returning: when `app.update(...)` resolves, the workflow it started has finished.
 */
describe('scenario 1: app appointments to the city calendar and Google Calendar, reschedules back', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let city: FakeCityCalendar;
	let google: FakeGoogleCalendar;
	const googleEvents = (): CalendarEvent[] => google.calendars.get('primary') ?? [];

	before(async () => {
		app = await new FakeApp({ resources: ['appointments'], signingSecret }).start();
		city = await new FakeCityCalendar().start();
		google = await new FakeGoogleCalendar().start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbAppWebhookSecret',
				name: 'App webhook signing secret',
				type: 'syncBridgeWebhookSecretApi',
				data: { scheme: 'standardWebhooks', secrets: signingSecret },
			},
			{
				id: 'sbCityCalendarKey',
				name: 'City calendar API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: city.url, headerName: 'X-API-Key', apiKey: city.apiKey },
			},
			{
				id: 'sbCityWebhookKey',
				name: 'City calendar webhook key',
				type: 'syncBridgeWebhookSecretApi',
				data: { scheme: 'staticHeader', secrets: city.webhookKey, headerName: 'X-Webhook-Key' },
			},
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: app.url, headerName: 'X-App-Key', apiKey: app.apiKey },
			},
			{
				id: 'sbGoogleCalendar',
				name: 'Google Calendar account',
				type: 'syncBridgeGoogleCalendarOAuth2Api',
				// As n8n stores it after the consent screen: the token it refreshes when Google refuses it.
				data: {
					baseUrl: google.url,
					clientId: 'syncbridge-e2e.apps.googleusercontent.com',
					clientSecret: 'e2e-secret',
					oauthTokenData: { access_token: google.accessToken, token_type: 'Bearer', expires_in: 3599 },
				},
			},
		]);
		const hosts = { 'http://city-calendar.syncbridge.invalid': city.url, 'http://app.syncbridge.invalid': app.url };
		for (const file of ['scenario-1-appointments-to-calendars.json', 'scenario-1-city-calendar-to-app.json']) {
			const id = await n8n.importWorkflow(await loadScenarioWorkflow(file, hosts));
			await n8n.publish(id);
		}
		await n8n.start();
		await waitForWebhookRegistration(n8n.baseUrl, appPath);
		await waitForWebhookRegistration(n8n.baseUrl, cityPath);
		app.subscribe('appointments', `${n8n.baseUrl}/webhook/${appPath}`);
		city.subscribe(`${n8n.baseUrl}/webhook/${cityPath}`);
	});

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await city?.stop();
		await google?.stop();
	});

	test("both calendars follow the app, the inspector's reschedule reaches the app, and no write echoes back", async () => {
		const appointment = await app.create('appointments', {
			type: 'Inspection',
			caseNumber: 'Z-2026-0042',
			status: 'approved',
			startsAt: '2026-05-14T07:00:00Z',
			endsAt: '2026-05-14T08:30:00Z',
			location: { street: 'Lange Nieuwstraat 12', city: 'Utrecht' },
		});
		assert.equal(app.deliveries.at(-1)?.status, 200, 'the signed app event is accepted and synchronised');
		assert.equal(city.events.length, 1);
		const created = city.events[0];
		assert.deepEqual(
			{
				title: created.title,
				start: created.start,
				end: created.end,
				location: created.location,
				status: created.status,
			},
			{
				title: 'Inspection Z-2026-0042',
				start: '2026-05-14T07:00:00Z',
				end: '2026-05-14T08:30:00Z',
				location: 'Lange Nieuwstraat 12',
				status: 'scheduled',
			},
		);
		assert.equal(googleEvents().length, 1);
		const googleEvent = googleEvents()[0];
		assert.deepEqual(
			{
				summary: googleEvent.summary,
				start: googleEvent.start.dateTime,
				end: googleEvent.end.dateTime,
				status: googleEvent.status,
			},
			{
				summary: 'Inspection Z-2026-0042',
				start: '2026-05-14T07:00:00Z',
				end: '2026-05-14T08:30:00Z',
				status: 'confirmed',
			},
		);

		await app.update('appointments', appointment.id, {
			startsAt: '2026-05-15T09:00:00Z',
			endsAt: '2026-05-15T10:00:00Z',
		});
		assert.equal(city.events[0].start, '2026-05-15T09:00:00Z', 'the same city event moved');
		assert.equal(googleEvents()[0].start.dateTime, '2026-05-15T09:00:00Z', 'the same Google event moved');
		assert.equal(city.requestsTo('/events', 'PUT').length, 1);

		// A field neither calendar carries: no calendar request at all.
		const cityRequests = city.requests.length;
		const googleRequests = google.requests.length;
		await app.update('appointments', appointment.id, { internalNote: 'bring the permit file' });
		assert.equal(app.deliveries.at(-1)?.status, 200);
		assert.equal(city.requests.length, cityRequests, 'an unchanged city event is not written again');
		assert.equal(google.requests.length, googleRequests, 'an unchanged Google event is not written again');

		// The inspector moves the event in the city calendar: the app follows.
		const deliveriesToApp = app.deliveries.length;
		await city.inspectorReschedules(created.id, '2026-05-16T11:00:00Z', '2026-05-16T12:30:00Z');
		assert.equal(city.deliveries.at(-1)?.status, 200);
		const moved = app.list('appointments')[0];
		assert.deepEqual(
			{ startsAt: moved.startsAt, endsAt: moved.endsAt },
			{ startsAt: '2026-05-16T11:00:00Z', endsAt: '2026-05-16T12:30:00Z' },
		);
		assert.equal(app.requestsTo('/api/appointments', 'PATCH').length, 1);
		// The app publishes that change from its outbox; once the forward flow has answered it:
		await eventually(
			() => (app.deliveries.length > deliveriesToApp ? true : undefined),
			'the app event about our own write',
		);
		assert.equal(app.deliveries.at(-1)?.status, 200);
		assert.equal(
			city.requestsTo('/events', 'PUT').length,
			1,
			'our write to the app does not bounce back to the city calendar',
		);
		assert.equal(
			googleEvents()[0].start.dateTime,
			'2026-05-16T11:00:00Z',
			'Google Calendar, a different synchronization, follows the new time',
		);

		await app.update('appointments', appointment.id, { status: 'cancelled' });
		const cancelled = city.events[0] as CityEvent;
		assert.equal(cancelled.status, 'cancelled');
		assert.equal(cancelled.id, created.id);
		assert.equal(googleEvents()[0].status, 'cancelled');
		assert.equal(city.events.length, 1);
		assert.equal(googleEvents().length, 1);
		assert.equal(
			city.requestsTo('/events', 'POST').length,
			1,
			'exactly one city create over the whole life of the appointment',
		);
		assert.equal(
			google.requestsTo('/calendar/v3/calendars/primary/events', 'POST').length,
			1,
			'exactly one Google create',
		);

		// Every write to the city calendar came back as a webhook; each was recognised as our own.
		await eventually(
			() =>
				city.deliveries.length === 4 && city.deliveries.every((delivery) => delivery.status !== 0) ? true : undefined,
			'the city calendar webhooks',
		);
		assert.deepEqual(
			city.deliveries.map((delivery) => delivery.status),
			[200, 200, 200, 200],
		);
		assert.equal(
			app.requestsTo('/api/appointments', 'PATCH').length,
			1,
			"only the inspector's change was written to the app",
		);
		assert.ok(app.deliveries.every((delivery) => delivery.status === 200));
	});
});
