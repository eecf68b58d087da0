import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { googleCalendar } from '../../../runtime/connectors';
import { httpResponsePart, multipartBody, readBatchParts } from './fake-multipart';
import {
	FakeSystem,
	idSequence,
	jsonBody,
	presentedSecret,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from './fake-server';

export interface CalendarEvent {
	kind: 'calendar#event';
	id: string;
	etag: string;
	status: 'confirmed' | 'tentative' | 'cancelled';
	summary?: string;
	location?: string;
	/** `dateTime` for a timed event, `date` for an all-day one. */
	start: { dateTime: string; date?: string; timeZone?: string };
	end: { dateTime: string; date?: string; timeZone?: string };
	created: string;
	updated: string;
	iCalUID: string;
	sequence: number;
	[field: string]: unknown;
}

/** Fields Google sets itself; a client's values for them are ignored. */
const SERVER_FIELDS = ['kind', 'id', 'etag', 'created', 'updated', 'iCalUID', 'htmlLink'];

/** Query parameters of events.list this fake applies (https://developers.google.com/calendar/api/v3/reference/events/list). */
const LIST_PARAMETERS = new Set([
	'maxResults',
	'pageToken',
	'syncToken',
	'showDeleted',
	'updatedMin',
	'timeMin',
	'timeMax',
	'orderBy',
	'singleEvents',
	'timeZone',
]);
/** Parameters that cannot be combined with syncToken (same page). */
const NOT_WITH_SYNC_TOKEN = [
	'iCalUID',
	'orderBy',
	'privateExtendedProperty',
	'q',
	'sharedExtendedProperty',
	'timeMin',
	'timeMax',
	'updatedMin',
];
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** A client-supplied event id: base32hex characters, 5 to 1024 of them (https://developers.google.com/calendar/api/v3/reference/events/insert). */
const CLIENT_ID = /^[a-v0-9]{5,1024}$/;
/** Calls one batch request may carry (https://developers.google.com/calendar/api/guides/batch). */
const BATCH_LIMIT = 1000;

interface PageState {
	/** Position in the calendar's storage order to continue from. */
	from: number;
	/** The revision the listing started at: its nextSyncToken. */
	revision: number;
}

/**
 * Google Calendar API v3 events as documented: `items` + `nextPageToken` (opaque, `maxResults` up
 * to 2500, default 250), `nextSyncToken` on the last page; a deleted event stays as
 * `status: "cancelled"` (only its id guaranteed), hidden from lists unless `showDeleted`,
 * `updatedMin` or `syncToken`; `updatedMin`, `timeMin`/`timeMax` filter on the server; a sync
 * token returns only what changed since it and is answered 410 once expired or unknown; insert
 * 200 (a client id must be base32hex and unique: 409), PUT replaces the whole event, PATCH merges
 * objects and replaces arrays; every write changes the etag, a stale `If-Match` is 412 and a current
 * `If-None-Match` 304; delete 204, again 410; errors as
 * `{error: {code, message, errors: [{domain, reason, message}], status}}`. The batch endpoint
 * (`POST /batch/calendar/v3`): up to 1000 calls as `application/http` parts with path-only request
 * lines, the outer call's headers applying to each unless a part sets its own, every call answered
 * in its own part under `Content-ID: <response-…>` of the call's `Content-ID`.
 */
export class FakeGoogleCalendar extends FakeSystem {
	readonly accessTokens = new Set(['ya29.fake-access-token']);
	/** Events per calendar in storage order, cancelled ones included. */
	readonly calendars = new Map<string, CalendarEvent[]>([['primary', []]]);
	/** Open push-notification channels by channel id. */
	readonly channels = new Map<string, Record<string, unknown>>();
	private readonly nextId = idSequence('evt', 10);
	private readonly revisions = new WeakMap<CalendarEvent, number>();
	private revision = 1;
	/** Raised by expireSyncTokens: tokens of an older generation are answered 410. */
	private syncGeneration = 1;
	private lastStamp = 0;

	get accessToken(): string {
		return [...this.accessTokens][0];
	}

	/** The events a person sees in the calendar (not cancelled). */
	liveEvents(calendarId = 'primary'): CalendarEvent[] {
		return (this.calendars.get(calendarId) ?? []).filter((event) => event.status !== 'cancelled');
	}

	seedEvents(calendarId: string, count: number): CalendarEvent[] {
		const events = this.calendars.get(calendarId) ?? [];
		this.calendars.set(calendarId, events);
		const seeded: CalendarEvent[] = [];
		for (let index = 0; index < count; index++) {
			const day = String((index % 28) + 1).padStart(2, '0');
			seeded.push(
				this.event(this.nextId(), {
					summary: `Inspection ${index + 1}`,
					start: { dateTime: `2025-03-${day}T09:00:00+01:00` },
					end: { dateTime: `2025-03-${day}T10:00:00+01:00` },
				}),
			);
		}
		events.push(...seeded);
		return seeded;
	}

	/** A person deletes an event in the calendar: it stays, cancelled, as Google keeps it. */
	cancelEvent(calendarId: string, eventId: string): CalendarEvent {
		const event = this.calendars.get(calendarId)?.find((candidate) => candidate.id === eventId);
		if (event === undefined) throw new Error(`No event ${eventId} in ${calendarId}`);
		return this.stamp(Object.assign(event, { status: 'cancelled' }));
	}

	/** Every sync token issued so far expires: the next incremental sync is answered 410. */
	expireSyncTokens(): void {
		this.syncGeneration += 1;
	}

	protected routes(): Route[] {
		const events = '/calendar/v3/calendars/:calendarId/events';
		return [
			{ method: 'POST', path: '/batch/calendar/v3', handler: (request) => this.batch(request) },
			{
				method: 'GET',
				path: events,
				handler: (request) => this.withCalendar(request, (list) => this.list(request, list)),
			},
			{
				method: 'POST',
				path: events,
				handler: (request) => this.withCalendar(request, (list) => this.insert(request, list)),
			},
			{
				method: 'POST',
				path: `${events}/watch`,
				handler: (request) => this.withCalendar(request, () => this.watch(request)),
			},
			{
				method: 'POST',
				path: '/calendar/v3/channels/stop',
				handler: (request) => {
					const body = jsonBody(request);
					const channel = this.channels.get(String(body.id));
					if (channel === undefined || channel.resourceId !== body.resourceId)
						return {
							status: 404,
							body: googleError(404, `Channel '${String(body.id)}' not found for project`, 'notFound', 'NOT_FOUND'),
						};
					this.channels.delete(String(body.id));
					return { status: 204 };
				},
			},
			{
				method: 'GET',
				path: `${events}/:eventId`,
				handler: (request) =>
					this.withEvent(request, (event) =>
						request.headers['if-none-match'] === event.etag ? { status: 304 } : { status: 200, body: event },
					),
			},
			{
				method: 'PATCH',
				path: `${events}/:eventId`,
				handler: (request) =>
					this.withCurrentEvent(request, (event) => ({
						status: 200,
						body: this.stamp(merge(event, withoutServerFields(jsonBody(request)))),
					})),
			},
			{
				method: 'PUT',
				path: `${events}/:eventId`,
				handler: (request) => this.withCurrentEvent(request, (event) => this.replace(event, jsonBody(request))),
			},
			{
				method: 'DELETE',
				path: `${events}/:eventId`,
				handler: (request) =>
					this.withCurrentEvent(request, (event) => {
						if (event.status === 'cancelled')
							return { status: 410, body: googleError(410, 'Resource has been deleted', 'deleted', 'NOT_FOUND') };
						this.stamp(Object.assign(event, { status: 'cancelled' }));
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
					message:
						'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
					errors: [
						{
							domain: 'global',
							reason: 'authError',
							message: 'Invalid Credentials',
							locationType: 'header',
							location: 'Authorization',
						},
					],
					status: 'UNAUTHENTICATED',
				},
			},
		};
	}

	protected errorBody(status: number, message: string): unknown {
		if (status === 429)
			return googleError(429, 'Rate Limit Exceeded', 'rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'usageLimits');
		if (status === 404) return googleError(404, 'Not Found', 'notFound', 'NOT_FOUND');
		if (status >= 500) return googleError(status, message, 'backendError', 'UNAVAILABLE');
		return googleError(status, message, 'invalid', 'INVALID_ARGUMENT');
	}

	/**
	 * events.list with the documented filters and incremental sync
	 * (https://developers.google.com/calendar/api/v3/reference/events/list,
	 * https://developers.google.com/calendar/api/guides/sync).
	 */
	private list(request: FakeRequest, stored: CalendarEvent[]): FakeResponse {
		const query = request.query;
		const unsupported = [...query.keys()].find((name) => !LIST_PARAMETERS.has(name));
		if (unsupported !== undefined)
			return badRequest(`The fake Google Calendar does not model the parameter ${unsupported}.`);
		const maxResults = Math.min(Number(query.get('maxResults') ?? 250), 2500);
		if (!Number.isInteger(maxResults) || maxResults < 1) return badRequest('Invalid value for maxResults.');
		for (const name of ['updatedMin', 'timeMin', 'timeMax']) {
			const value = query.get(name);
			if (value !== null && !RFC3339.test(value))
				return badRequest(`Invalid ${name}: an RFC3339 timestamp with a time zone offset is required.`);
		}
		const syncToken = query.get('syncToken');
		let sinceRevision: number | undefined;
		if (syncToken !== null) {
			const clash = NOT_WITH_SYNC_TOKEN.find((name) => query.has(name));
			if (clash !== undefined) return badRequest(`The parameter ${clash} cannot be used together with syncToken.`);
			if (query.get('showDeleted') === 'false') return badRequest('showDeleted cannot be false with syncToken.');
			sinceRevision = this.syncRevision(request.params.calendarId, syncToken);
			if (sinceRevision === undefined)
				return {
					status: 410,
					body: googleError(410, 'Sync token is no longer valid, a full sync is required.', 'fullSyncRequired', 'GONE'),
				};
		}
		const orderBy = query.get('orderBy');
		if (
			orderBy !== null &&
			orderBy !== 'updated' &&
			!(orderBy === 'startTime' && query.get('singleEvents') === 'true')
		) {
			return badRequest(`The requested ordering is not available for the particular query: ${orderBy}.`);
		}
		let page: PageState = { from: 0, revision: this.revision };
		const pageToken = query.get('pageToken');
		if (pageToken !== null) {
			const decoded = decodePageToken(pageToken);
			if (decoded === undefined) return badRequest('Invalid page token value.');
			page = decoded;
		}

		const updatedMin = query.get('updatedMin');
		// With updatedMin or a sync token, deletions are always included, whatever showDeleted says.
		const showDeleted = query.get('showDeleted') === 'true' || updatedMin !== null || sinceRevision !== undefined;
		const timeMin = query.get('timeMin');
		const timeMax = query.get('timeMax');
		const matches = (event: CalendarEvent): boolean =>
			(showDeleted || event.status !== 'cancelled') &&
			(sinceRevision === undefined || this.revisionOf(event) > sinceRevision) &&
			(updatedMin === null || Date.parse(event.updated) >= Date.parse(updatedMin)) &&
			(timeMin === null || eventTime(event.end) > Date.parse(timeMin)) &&
			(timeMax === null || eventTime(event.start) < Date.parse(timeMax));

		const candidates = stored
			.map((event, position) => ({ event, position }))
			.filter(({ event, position }) => position >= page.from && matches(event));
		if (orderBy === 'updated') candidates.sort((a, b) => Date.parse(a.event.updated) - Date.parse(b.event.updated));
		if (orderBy === 'startTime') candidates.sort((a, b) => eventTime(a.event.start) - eventTime(b.event.start));
		const items = candidates.slice(0, maxResults);
		const more = candidates.length > items.length;
		const next = more
			? { nextPageToken: encodePageToken({ from: candidates[maxResults].position, revision: page.revision }) }
			: { nextSyncToken: encodeSyncToken(request.params.calendarId, this.syncGeneration, page.revision) };
		return {
			status: 200,
			body: {
				kind: 'calendar#events',
				etag: `"p3${this.revision}"`,
				summary: request.params.calendarId,
				updated: stored.reduce(
					(latest, event) => (event.updated > latest ? event.updated : latest),
					new Date(0).toISOString(),
				),
				timeZone: 'Europe/Oslo',
				accessRole: 'owner',
				defaultReminders: [],
				...next,
				items: items.map(({ event }) => (event.status === 'cancelled' ? cancelledStub(event) : event)),
			},
		};
	}

	/**
	 * The batch endpoint (https://developers.google.com/calendar/api/guides/batch). How Google words
	 * a batch over the limit or a part with a full URL is not documented; that both are refused is.
	 */
	private async batch(request: FakeRequest): Promise<FakeResponse> {
		const parts = readBatchParts(request.headers['content-type'], request.rawBody);
		if (parts instanceof Error) return badRequest(parts.message);
		if (parts.some((part) => part.request === undefined))
			return badRequest('Every part of a batch request must be one application/http call.');
		if (parts.length > BATCH_LIMIT)
			return badRequest(`A batch request can carry at most ${BATCH_LIMIT} calls; this one has ${parts.length}.`);
		// The outer call's headers (Content-* aside) apply to every call that does not set its own.
		const shared = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !name.startsWith('content-')));
		const answered: string[] = [];
		for (const part of parts) {
			const call = part.request as NonNullable<typeof part.request>;
			const response = /^[a-z][a-z0-9+.-]*:/i.test(call.target)
				? badRequest('A call in a batch names the path of its URL only, not a full URL.')
				: await this.respondInBatch(
						call.method,
						new URL(call.target, 'http://batch.invalid'),
						{ ...shared, ...call.headers } as IncomingHttpHeaders,
						call.body,
					);
			const contentId = part.headers['content-id'];
			answered.push(httpResponsePart(response, contentId === undefined ? {} : { 'Content-ID': answerId(contentId) }));
		}
		const boundary = `batch_${randomUUID()}`;
		return {
			status: 200,
			contentType: `multipart/mixed; boundary=${boundary}`,
			body: multipartBody(boundary, answered),
		};
	}

	private insert(request: FakeRequest, list: CalendarEvent[]): FakeResponse {
		const body = jsonBody(request);
		if (typeof body.start !== 'object' || typeof body.end !== 'object')
			return { status: 400, body: googleError(400, 'Missing end time.', 'required', 'INVALID_ARGUMENT') };
		let id = this.nextId();
		if (body.id !== undefined) {
			if (typeof body.id !== 'string' || !CLIENT_ID.test(body.id)) return badRequest('Invalid resource id value.');
			// Ids stay taken after a deletion.
			if (list.some((event) => event.id === body.id))
				return {
					status: 409,
					body: googleError(409, 'The requested identifier already exists.', 'duplicate', 'ALREADY_EXISTS'),
				};
			id = body.id;
		}
		const created = this.event(id, withoutServerFields(body));
		list.push(created);
		return { status: 200, body: created };
	}

	/** PUT: the body is the whole new event; what it leaves out is gone (start and end are required). */
	private replace(event: CalendarEvent, body: Record<string, unknown>): FakeResponse {
		if (typeof body.start !== 'object' || typeof body.end !== 'object')
			return { status: 400, body: googleError(400, 'Missing end time.', 'required', 'INVALID_ARGUMENT') };
		const kept = {
			kind: event.kind,
			id: event.id,
			created: event.created,
			iCalUID: event.iCalUID,
			sequence: event.sequence,
		};
		for (const name of Object.keys(event)) delete event[name];
		Object.assign(event, { status: 'confirmed' }, withoutServerFields(body), kept);
		return { status: 200, body: this.stamp(event) };
	}

	private watch(request: FakeRequest): FakeResponse {
		const body = jsonBody(request);
		if (
			typeof body.id !== 'string' ||
			body.type !== 'web_hook' ||
			typeof body.address !== 'string' ||
			!body.address.startsWith('https://')
		) {
			return {
				status: 400,
				body: googleError(
					400,
					'WebHook callback must be HTTPS: ' + String(body.address),
					'push.webhookUrlNotHttps',
					'INVALID_ARGUMENT',
				),
			};
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
	}

	private withCalendar(request: FakeRequest, then: (list: CalendarEvent[]) => FakeResponse): FakeResponse {
		const list = this.calendars.get(request.params.calendarId);
		return list === undefined ? { status: 404, body: this.errorBody(404, '') } : then(list);
	}

	private withEvent(
		request: FakeRequest,
		then: (event: CalendarEvent, list: CalendarEvent[]) => FakeResponse,
	): FakeResponse {
		return this.withCalendar(request, (list) => {
			const event = list.find((candidate) => candidate.id === request.params.eventId);
			return event === undefined ? { status: 404, body: this.errorBody(404, '') } : then(event, list);
		});
	}

	/**
	 * A write with `If-Match` goes through only while the etag is current
	 * (https://developers.google.com/calendar/api/guides/version-resources).
	 */
	private withCurrentEvent(request: FakeRequest, then: (event: CalendarEvent) => FakeResponse): FakeResponse {
		return this.withEvent(request, (event) => {
			const ifMatch = request.headers['if-match'];
			if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== event.etag)
				return { status: 412, body: googleError(412, 'Precondition Failed', 'conditionNotMet', 'FAILED_PRECONDITION') };
			return then(event);
		});
	}

	private event(id: string, fields: Record<string, unknown>): CalendarEvent {
		const now = this.now();
		return this.stamp({
			kind: 'calendar#event',
			status: 'confirmed',
			...fields,
			id,
			created: now,
			iCalUID: `${id}@google.com`,
			sequence: 0,
		} as CalendarEvent);
	}

	/** Every write: a new etag, a later `updated`, a new revision for sync tokens. */
	private stamp(event: CalendarEvent): CalendarEvent {
		this.revision += 1;
		this.revisions.set(event, this.revision);
		event.etag = `"${3_181_161_784_712_000 + this.revision}"`;
		event.updated = this.now();
		return event;
	}

	/** Strictly increasing timestamps, so `updatedMin` tells any two writes apart. */
	private now(): string {
		this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
		return new Date(this.lastStamp).toISOString();
	}

	private revisionOf(event: CalendarEvent): number {
		return this.revisions.get(event) ?? 0;
	}

	/** The revision a sync token stands for; undefined when it is unknown, for another calendar, or expired. */
	private syncRevision(calendarId: string, token: string): number | undefined {
		const match = /^(.+):(\d+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
		if (match === null || match[1] !== calendarId || Number(match[2]) !== this.syncGeneration) return undefined;
		const revision = Number(match[3]);
		return revision > this.revision ? undefined : revision;
	}
}

function eventTime(time: { dateTime?: string; date?: string } | undefined): number {
	return Date.parse(time?.dateTime ?? time?.date ?? '');
}

/** What a list shows of a deleted event: only the id is guaranteed, plus its status and stamps. */
function cancelledStub(event: CalendarEvent): Record<string, unknown> {
	return { kind: event.kind, etag: event.etag, id: event.id, status: 'cancelled', updated: event.updated };
}

function withoutServerFields(body: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(body).filter(([name]) => !SERVER_FIELDS.includes(name)));
}

/** PATCH semantics: nested objects merge, arrays and scalars replace, null clears (https://developers.google.com/calendar/api/guides/performance#patch). */
function merge<T extends Record<string, unknown>>(target: T, patch: Record<string, unknown>): T {
	const record = target as Record<string, unknown>;
	for (const [name, value] of Object.entries(patch)) {
		const current = record[name];
		if (value === null) delete record[name];
		else if (isObject(value) && isObject(current)) merge(current, value);
		else record[name] = structuredClone(value);
	}
	return target;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function encodePageToken(state: PageState): string {
	return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodePageToken(token: string): PageState | undefined {
	try {
		const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageState;
		return Number.isInteger(state.from) && Number.isInteger(state.revision) ? state : undefined;
	} catch {
		return undefined;
	}
}

function encodeSyncToken(calendarId: string, generation: number, revision: number): string {
	return Buffer.from(`${calendarId}:${generation}:${revision}`).toString('base64url');
}

/** The Content-ID of a call's answer: `response-` before the call's own (`<item1>` -> `<response-item1>`). */
function answerId(contentId: string): string {
	const bracketed = /^<(.*)>$/.exec(contentId);
	return bracketed === null ? `response-${contentId}` : `<response-${bracketed[1]}>`;
}

function badRequest(message: string): FakeResponse {
	return { status: 400, body: googleError(400, message, 'invalid', 'INVALID_ARGUMENT') };
}

function googleError(code: number, message: string, reason: string, status: string, domain = 'global'): unknown {
	return { error: { code, message, errors: [{ domain, reason, message }], status } };
}
