import { cityCalendar } from '../../../runtime/connectors';
import {
	escapeXml,
	FakeSystem,
	idSequence,
	jsonBody,
	presentedSecret,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from './fake-server';

export interface CityEvent {
	id: string;
	title: string;
	start: string;
	end: string;
	location?: string;
	status: 'scheduled' | 'cancelled';
}

export interface CityWebhookDelivery {
	url: string;
	event: { id: string; type: string; data: CityEvent };
	status: number;
}

/**
 * The city calendar: `X-API-Key`, `/events` CRUD with `page`/`per_page` (`{items, page, per_page,
 * total}`), `/events.xml` (`<events><event id="..">..</event></events>`), X-RateLimit-* headers.
 * Every change, through the API or by an inspector in the calendar, is POSTed to the subscribed
 * webhook URLs as `{id, type: event.created|updated|deleted, data}` with the shared key in
 * `X-Webhook-Key`; API changes are published after the answer, as a queue would.
 */
export class FakeCityCalendar extends FakeSystem {
	readonly apiKey = 'fake-city-api-key';
	readonly events: CityEvent[] = [];
	readonly webhookKey = 'fake-city-webhook-key';
	readonly deliveries: CityWebhookDelivery[] = [];
	private readonly subscribers: string[] = [];
	private readonly nextDeliveryId = idSequence('cwh_', 6);
	rateLimit = 600;
	private used = 0;
	private readonly nextId = idSequence('ev-', 5);

	seedEvents(count: number): CityEvent[] {
		return Array.from({ length: count }, (_, index) =>
			this.insert({
				title: `Inspection ${index + 1}`,
				start: '2025-04-01T09:00:00Z',
				end: '2025-04-01T10:00:00Z',
				location: 'Town hall',
			}),
		);
	}

	insert(fields: Partial<CityEvent>): CityEvent {
		const event: CityEvent = { title: '', start: '', end: '', status: 'scheduled', ...fields, id: this.nextId() };
		this.events.push(event);
		return event;
	}

	subscribe(url: string): void {
		this.subscribers.push(url);
	}

	/** An inspector moves an event in the calendar's own UI. */
	async inspectorReschedules(id: string, start: string, end: string): Promise<CityEvent> {
		const event = this.events.find((candidate) => candidate.id === id);
		if (event === undefined) throw new Error(`no city event ${id}`);
		Object.assign(event, { start, end });
		await this.publish('event.updated', event);
		return event;
	}

	protected routes(): Route[] {
		return [
			{ method: 'GET', path: '/events', handler: (request) => ({ status: 200, body: this.page(request) }) },
			{ method: 'GET', path: '/events.xml', handler: (request) => this.xmlPage(request) },
			{
				method: 'POST',
				path: '/events',
				handler: (request) => {
					const body = jsonBody<Partial<CityEvent>>(request);
					if (typeof body.title !== 'string' || typeof body.start !== 'string')
						return { status: 422, body: { error: 'title and start are required' } };
					const created = this.insert(body);
					this.publishLater('event.created', created);
					return { status: 201, body: created };
				},
			},
			{
				method: 'GET',
				path: '/events/:id',
				handler: (request) => this.withEvent(request, (event) => ({ status: 200, body: event })),
			},
			{
				method: 'PUT',
				path: '/events/:id',
				handler: (request) =>
					this.withEvent(request, (event) => {
						Object.assign(event, jsonBody(request), { id: event.id });
						this.publishLater('event.updated', event);
						return { status: 200, body: event };
					}),
			},
			{
				method: 'DELETE',
				path: '/events/:id',
				handler: (request) =>
					this.withEvent(request, (event) => {
						this.events.splice(this.events.indexOf(event), 1);
						this.publishLater('event.deleted', event);
						return { status: 204 };
					}),
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		if (presentedSecret(request, cityCalendar.credential) !== this.apiKey)
			return { status: 401, body: { error: 'Invalid or missing API key' } };
		this.used += 1;
		return undefined;
	}

	protected errorBody(status: number, message: string): unknown {
		return { error: status === 429 ? 'Rate limit exceeded' : message };
	}

	protected responseHeaders(): Record<string, string> {
		return {
			'x-ratelimit-limit': String(this.rateLimit),
			'x-ratelimit-remaining': String(Math.max(0, this.rateLimit - this.used)),
			'x-ratelimit-reset': '1767225600',
		};
	}

	private slice(request: FakeRequest): { page: number; perPage: number; items: CityEvent[] } {
		const page = Math.max(1, Number(request.query.get('page') ?? 1));
		const perPage = Math.min(Math.max(1, Number(request.query.get('per_page') ?? 20)), 100);
		return { page, perPage, items: this.events.slice((page - 1) * perPage, page * perPage) };
	}

	private page(request: FakeRequest): Record<string, unknown> {
		const { page, perPage, items } = this.slice(request);
		return { items, page, per_page: perPage, total: this.events.length };
	}

	private xmlPage(request: FakeRequest): FakeResponse {
		const { page, perPage, items } = this.slice(request);
		const events = items
			.map(
				(event) =>
					`<event id="${escapeXml(event.id)}" status="${event.status}"><title>${escapeXml(event.title)}</title><start>${event.start}</start><end>${event.end}</end>${
						event.location === undefined ? '' : `<location>${escapeXml(event.location)}</location>`
					}</event>`,
			)
			.join('');
		const xml = `<?xml version="1.0" encoding="utf-8"?><events page="${page}" per_page="${perPage}" total="${this.events.length}">${events}</events>`;
		return { status: 200, body: xml, contentType: 'application/xml; charset=utf-8' };
	}

	private publishLater(type: string, event: CityEvent): void {
		const snapshot = structuredClone(event);
		setImmediate(() => void this.publish(type, snapshot));
	}

	private async publish(type: string, event: CityEvent): Promise<void> {
		for (const url of this.subscribers) {
			const delivery = { id: this.nextDeliveryId(), type, data: structuredClone(event) };
			const status = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-webhook-key': this.webhookKey },
				body: JSON.stringify(delivery),
			}).then(
				(response) => response.status,
				() => 0,
			);
			this.deliveries.push({ url, event: delivery, status });
		}
	}

	private withEvent(request: FakeRequest, then: (event: CityEvent) => FakeResponse): FakeResponse {
		const event = this.events.find((candidate) => candidate.id === request.params.id);
		return event === undefined ? { status: 404, body: { error: `Event ${request.params.id} not found` } } : then(event);
	}
}
