import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { FakeApp } from '../fakes/app/fake-app';
import { FakeCityCalendar, type CityEvent } from '../fakes/systems/fake-city-calendar';
import { loadScenarioWorkflow } from '../support/scenario-workflow';

const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const webhookPath = 'syncbridge-app-appointments';

async function eventually<T>(read: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe('scenario 1: approved, rescheduled and cancelled app appointments reach the city calendar', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let city: FakeCityCalendar;

	before(async () => {
		app = await new FakeApp({ resources: ['appointments'], signingSecret }).start();
		city = await new FakeCityCalendar().start();
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{ id: 'sbAppWebhookSecret', name: 'App webhook signing secret', type: 'syncBridgeWebhookSecretApi', data: { scheme: 'standardWebhooks', secrets: signingSecret } },
			{ id: 'sbCityCalendarKey', name: 'City calendar API key', type: 'syncBridgeApiKeyApi', data: { baseUrl: city.url, headerName: 'X-API-Key', apiKey: city.apiKey } },
		]);
		const workflow = await loadScenarioWorkflow('scenario-1-appointments-to-city-calendar.json', { 'http://city-calendar.syncbridge.invalid': city.url });
		const id = await n8n.importWorkflow(workflow);
		await n8n.publish(id);
		await n8n.start();
		await waitForWebhookRegistration(n8n.baseUrl, webhookPath);
		app.subscribe('appointments', `${n8n.baseUrl}/webhook/${webhookPath}`);
	});

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await city?.stop();
	});

	test('the calendar follows the app: one event per appointment, moved and cancelled in place, no call when nothing changed', async () => {
		const appointment = await app.create('appointments', {
			type: 'Inspection',
			caseNumber: 'Z-2026-0042',
			status: 'approved',
			startsAt: '2026-05-14T07:00:00Z',
			endsAt: '2026-05-14T08:30:00Z',
			location: { street: 'Lange Nieuwstraat 12', city: 'Utrecht' },
		});
		assert.equal(app.deliveries.at(-1)?.status, 200, 'the signed app event is accepted');
		const created = await eventually(() => city.events[0], 'the city event');
		assert.deepEqual(
			{ title: created.title, start: created.start, end: created.end, location: created.location, status: created.status },
			{ title: 'Inspection Z-2026-0042', start: '2026-05-14T07:00:00Z', end: '2026-05-14T08:30:00Z', location: 'Lange Nieuwstraat 12', status: 'scheduled' },
		);

		await app.update('appointments', appointment.id, { startsAt: '2026-05-15T09:00:00Z', endsAt: '2026-05-15T10:00:00Z' });
		await eventually(() => (city.events[0]?.start === '2026-05-15T09:00:00Z' ? true : undefined), 'the rescheduled event');
		assert.equal(city.events.length, 1, 'rescheduling updates the same event');
		assert.equal(city.requestsTo('/events', 'PUT').length, 1);

		// A change to a field the calendar does not carry maps to the same event: no calendar call.
		const writesBefore = city.requests.length;
		await app.update('appointments', appointment.id, { internalNote: 'bring the permit file' });
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		assert.equal(city.requests.length, writesBefore, 'an unchanged mapped event is not written again');

		await app.update('appointments', appointment.id, { status: 'cancelled' });
		const cancelled = await eventually(() => (city.events[0]?.status === 'cancelled' ? (city.events[0] as CityEvent) : undefined), 'the cancelled event');
		assert.equal(cancelled.id, created.id);
		assert.equal(city.events.length, 1);
		assert.equal(city.requestsTo('/events', 'POST').length, 1, 'exactly one create over the whole life of the appointment');
		assert.ok(app.deliveries.every((delivery) => delivery.status === 200));
	});
});
