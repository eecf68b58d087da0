import { googleCalendar } from '../../../runtime/connectors';
import { FakeSystem, idSequence, jsonBody, presentedSecret, type FakeRequest, type FakeResponse, type Route } from './fake-server';

export interface CalendarEvent {
	kind: 'calendar#event';
	id: string;
	etag: string;
	status: 'confirmed' | 'tentative' | 'cancelled';
	summary?: string;
	location?: string;
	start: { dateTime: string; timeZone?: string };
	end: { dateTime: string; timeZone?: string };
	updated: string;
	[field: string]: unknown;
}

/**
 * Google Calendar API v3 events: `items` + `nextPageToken` (opaque, `maxResults` up to 2500,
 * default 250), `nextSyncToken` on the last page, insert 200, delete 204, errors as
 * `{error: {code, message, errors: [{domain, reason, message}], status}}`.
 */
export class FakeGoogleCalendar extends FakeSystem {
	readonly accessTokens = new Set(['ya29.fake-access-token']);
	readonly calendars = new Map<string, CalendarEvent[]>([['primary', []]]);
	/** Open push-notification channels by channel id. */
	readonly channels = new Map<string, Record<string, unknown>>();
	private readonly nextId = idSequence('evt', 10);
	private version = 1;

	get accessToken(): string {
		return [...this.accessTokens][0];
	}

	seedEvents(calendarId: string, count: number): CalendarEvent[] {
		const events = this.calendars.get(calendarId) ?? [];
		this.calendars.set(calendarId, events);
		for (let index = 0; index < count; index++) {
			events.push(this.event({ summary: `Inspection ${index + 1}`, start: { dateTime: `2025-03-${String((index % 28) + 1).padStart(2, '0')}T09:00:00+01:00` }, end: { dateTime: `2025-03-${String((index % 28) + 1).padStart(2, '0')}T10:00:00+01:00` } }));
		}
		return events;
	}

	protected routes(): Route[] {
		const events = '/calendar/v3/calendars/:calendarId/events';
		return [
			{ method: 'GET', path: events, handler: (request) => this.withCalendar(request, (list) => this.list(request, list)) },
			{
				method: 'POST',
				path: events,
				handler: (request) =>
					this.withCalendar(request, (list) => {
						const body = jsonBody(request);
						if (typeof body.start !== 'object' || typeof body.end !== 'object') return { status: 400, body: googleError(400, 'Missing end time.', 'required', 'INVALID_ARGUMENT') };
						const created = this.event(body);
						list.push(created);
						return { status: 200, body: created };
					}),
			},
			{
				method: 'POST',
				path: `${events}/watch`,
				handler: (request) =>
					this.withCalendar(request, () => {
						const body = jsonBody(request);
						if (typeof body.id !== 'string' || body.type !== 'web_hook' || typeof body.address !== 'string' || !body.address.startsWith('https://')) {
							return { status: 400, body: googleError(400, 'WebHook callback must be HTTPS: ' + String(body.address), 'push.webhookUrlNotHttps', 'INVALID_ARGUMENT') };
						}
						const channel = {
							kind: 'api#channel',
							id: body.id,
							resourceId: `res-${this.channels.size + 1}`,
							resourceUri: `${this.url}/calendar/v3/calendars/${request.params.calendarId}/events?alt=json`,
							...(typeof body.token === 'string' ? { token: body.token } : {}),
							expiration: String(Date.now() + 7 * 24 * 3600 * 1000),
						};
						this.channels.set(body.id, channel);
						return { status: 200, body: channel };
					}),
			},
			{
				method: 'POST',
				path: '/calendar/v3/channels/stop',
				handler: (request) => {
					const body = jsonBody(request);
					const channel = this.channels.get(String(body.id));
					if (channel === undefined || channel.resourceId !== body.resourceId) return { status: 404, body: googleError(404, `Channel '${String(body.id)}' not found for project`, 'notFound', 'NOT_FOUND') };
					this.channels.delete(String(body.id));
					return { status: 204 };
				},
			},
			{ method: 'GET', path: `${events}/:eventId`, handler: (request) => this.withEvent(request, (event) => ({ status: 200, body: event })) },
			{ method: 'PATCH', path: `${events}/:eventId`, handler: (request) => this.withEvent(request, (event) => ({ status: 200, body: this.change(event, jsonBody(request)) })) },
			{ method: 'PUT', path: `${events}/:eventId`, handler: (request) => this.withEvent(request, (event) => ({ status: 200, body: this.change(event, jsonBody(request)) })) },
			{
				method: 'DELETE',
				path: `${events}/:eventId`,
				handler: (request) =>
					this.withEvent(request, (event, list) => {
						list.splice(list.indexOf(event), 1);
						return { status: 204 };
					}),
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const token = presentedSecret(request, googleCalendar.credential);
		if (token !== undefined && this.accessTokens.has(token)) return undefined;
		return {
			status: 401,
			headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
			body: {
				error: {
					code: 401,
					message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
					errors: [{ domain: 'global', reason: 'authError', message: 'Invalid Credentials', locationType: 'header', location: 'Authorization' }],
					status: 'UNAUTHENTICATED',
				},
			},
		};
	}

	protected errorBody(status: number, message: string): unknown {
		if (status === 429) return googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'usageLimits');
		if (status === 404) return googleError(404, 'Not Found', 'notFound', 'NOT_FOUND');
		if (status >= 500) return googleError(status, message, 'backendError', 'UNAVAILABLE');
		return googleError(status, message, 'invalid', 'INVALID_ARGUMENT');
	}

	private list(request: FakeRequest, list: CalendarEvent[]): FakeResponse {
		const maxResults = Math.min(Number(request.query.get('maxResults') ?? 250), 2500);
		const token = request.query.get('pageToken');
		const offset = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
		if (!Number.isInteger(offset) || offset < 0) return { status: 400, body: googleError(400, 'Invalid page token', 'invalid', 'INVALID_ARGUMENT') };
		const items = list.slice(offset, offset + maxResults);
		const more = offset + items.length < list.length;
		return {
			status: 200,
			body: {
				kind: 'calendar#events',
				etag: `"p3${this.version}"`,
				summary: request.params.calendarId,
				updated: new Date(0).toISOString(),
				timeZone: 'Europe/Oslo',
				accessRole: 'owner',
				defaultReminders: [],
				...(more ? { nextPageToken: Buffer.from(`offset:${offset + items.length}`).toString('base64url') } : { nextSyncToken: `sync-${this.version}` }),
				items,
			},
		};
	}

	private withCalendar(request: FakeRequest, then: (list: CalendarEvent[]) => FakeResponse): FakeResponse {
		const list = this.calendars.get(request.params.calendarId);
		return list === undefined ? { status: 404, body: this.errorBody(404, '') } : then(list);
	}

	private withEvent(request: FakeRequest, then: (event: CalendarEvent, list: CalendarEvent[]) => FakeResponse): FakeResponse {
		return this.withCalendar(request, (list) => {
			const event = list.find((candidate) => candidate.id === request.params.eventId);
			return event === undefined ? { status: 404, body: this.errorBody(404, '') } : then(event, list);
		});
	}

	private event(fields: Record<string, unknown>): CalendarEvent {
		return { kind: 'calendar#event', status: 'confirmed', ...fields, id: this.nextId(), etag: `"${this.version++}"`, updated: new Date().toISOString() } as CalendarEvent;
	}

	private change(event: CalendarEvent, fields: Record<string, unknown>): CalendarEvent {
		Object.assign(event, fields, { id: event.id, etag: `"${this.version++}"`, updated: new Date().toISOString() });
		return event;
	}
}

function googleError(code: number, message: string, reason: string, status: string, domain = 'global'): unknown {
	return { error: { code, message, errors: [{ domain, reason, message }], status } };
}
