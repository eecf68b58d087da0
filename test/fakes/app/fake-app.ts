import { Webhook } from 'standardwebhooks';

import {
	FakeSystem,
	idSequence,
	jsonBody,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from '../systems/fake-server';

/** One record of the application: its own fields plus the app's id, version and modification time. */
export interface AppRecord {
	id: string;
	version: number;
	updatedAt: string;
	[field: string]: unknown;
}

export interface AppEvent {
	type: string;
	data: AppRecord;
}

export interface Delivery {
	url: string;
	eventId: string;
	event: AppEvent;
	status: number;
}

/** Who made a change: a person in the app (the event is delivered before the call returns) or an API client. */
export type ChangeSource = 'person' | 'api';

export interface FakeAppOptions {
	resources: string[];
	/** `whsec_…` secret the app signs its outgoing events with (Standard Webhooks). */
	signingSecret: string;
	now?: () => Date;
}

/**
 * The application SyncBridge connects: REST under `/api/<resource>` with an `X-App-Key` header,
 * `{results, page, pages, total}` pages, and for every change, whoever made it (a person in the app,
 * or SyncBridge through the API), an event POSTed to its subscribers and signed with Standard
 * Webhooks, the way real applications publish domain events. SyncBridge must therefore recognise the
 * echo of its own writes.
 */
export class FakeApp extends FakeSystem {
	readonly apiKey = 'fake-app-key';
	readonly records = new Map<string, Map<string, AppRecord>>();
	readonly deliveries: Delivery[] = [];
	private readonly subscriptions: Array<{ resource: string; url: string }> = [];
	private readonly nextId = idSequence('app-', 6);
	private readonly nextEventId = idSequence('msg_', 8);
	private readonly signer: Webhook;
	private readonly now: () => Date;

	constructor(options: FakeAppOptions) {
		super();
		for (const resource of options.resources) this.records.set(resource, new Map());
		this.signer = new Webhook(options.signingSecret);
		this.now = options.now ?? (() => new Date());
	}

	subscribe(resource: string, url: string): void {
		this.subscriptions.push({ resource, url });
	}

	list(resource: string): AppRecord[] {
		return [...this.collection(resource).values()];
	}

	/**
	 * A person creates a record in the app; resolves once the event was delivered. Changes made
	 * through the API (`via: 'api'`) publish after the API has answered, from the app's outbox.
	 */
	async create(resource: string, fields: Record<string, unknown>, via: ChangeSource = 'person'): Promise<AppRecord> {
		const record: AppRecord = { ...fields, id: this.nextId(), version: 1, updatedAt: this.now().toISOString() };
		this.collection(resource).set(record.id, record);
		await this.announce(via, resource, 'created', record);
		return record;
	}

	/** A person edits a record in the app. */
	async update(
		resource: string,
		id: string,
		fields: Record<string, unknown>,
		via: ChangeSource = 'person',
	): Promise<AppRecord> {
		const record = this.collection(resource).get(id);
		if (record === undefined) throw new Error(`no ${resource} ${id}`);
		Object.assign(record, fields, { id, version: record.version + 1, updatedAt: this.now().toISOString() });
		await this.announce(via, resource, 'updated', record);
		return record;
	}

	async remove(resource: string, id: string, via: ChangeSource = 'person'): Promise<void> {
		const record = this.collection(resource).get(id);
		if (record === undefined) throw new Error(`no ${resource} ${id}`);
		this.collection(resource).delete(id);
		await this.announce(via, resource, 'deleted', record);
	}

	private async announce(via: ChangeSource, resource: string, action: string, record: AppRecord): Promise<void> {
		if (via === 'person') return this.publish(resource, action, record);
		const snapshot = structuredClone(record);
		setImmediate(() => void this.publish(resource, action, snapshot));
	}

	protected routes(): Route[] {
		return [
			{
				method: 'GET',
				path: '/api/:resource',
				handler: (request) =>
					this.withCollection(request, (records) => ({ status: 200, body: this.page(request, records) })),
			},
			{
				method: 'POST',
				path: '/api/:resource',
				handler: async (request) =>
					this.withCollection(request, async () => ({
						status: 201,
						body: await this.create(request.params.resource, this.writableFields(request), 'api'),
					})),
			},
			{
				method: 'GET',
				path: '/api/:resource/:id',
				handler: (request) => this.withRecord(request, (record) => ({ status: 200, body: record })),
			},
			{
				method: 'PUT',
				path: '/api/:resource/:id',
				handler: async (request) =>
					this.withRecord(request, async (record) => ({
						status: 200,
						body: await this.update(request.params.resource, record.id, this.writableFields(request), 'api'),
					})),
			},
			{
				method: 'PATCH',
				path: '/api/:resource/:id',
				handler: async (request) =>
					this.withRecord(request, async (record) => ({
						status: 200,
						body: await this.update(request.params.resource, record.id, this.writableFields(request), 'api'),
					})),
			},
			{
				method: 'DELETE',
				path: '/api/:resource/:id',
				handler: async (request) =>
					this.withRecord(request, async (record) => {
						await this.remove(request.params.resource, record.id, 'api');
						return { status: 204 };
					}),
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		return request.headers['x-app-key'] === this.apiKey
			? undefined
			: { status: 401, body: { message: 'Invalid API key' } };
	}

	protected errorBody(status: number, message: string): unknown {
		return { message, status };
	}

	private collection(resource: string): Map<string, AppRecord> {
		const records = this.records.get(resource);
		if (records === undefined) throw new Error(`unknown resource ${resource}`);
		return records;
	}

	/** The client may not set the app's own bookkeeping fields. */
	private writableFields(request: FakeRequest): Record<string, unknown> {
		const fields = jsonBody(request);
		for (const owned of ['id', 'version', 'updatedAt']) delete fields[owned];
		return fields;
	}

	private page(request: FakeRequest, records: Map<string, AppRecord>): Record<string, unknown> {
		const all = [...records.values()];
		const limit = Math.min(Math.max(1, Number(request.query.get('limit') ?? 20)), 100);
		const page = Math.max(1, Number(request.query.get('page') ?? 1));
		return {
			results: all.slice((page - 1) * limit, page * limit),
			page,
			pages: Math.max(1, Math.ceil(all.length / limit)),
			total: all.length,
		};
	}

	private withCollection(
		request: FakeRequest,
		respond: (records: Map<string, AppRecord>) => FakeResponse | Promise<FakeResponse>,
	): FakeResponse | Promise<FakeResponse> {
		const records = this.records.get(request.params.resource);
		return records === undefined
			? { status: 404, body: this.errorBody(404, `Unknown resource ${request.params.resource}`) }
			: respond(records);
	}

	private withRecord(
		request: FakeRequest,
		respond: (record: AppRecord) => FakeResponse | Promise<FakeResponse>,
	): FakeResponse | Promise<FakeResponse> {
		return this.withCollection(request, (records) => {
			const record = records.get(request.params.id);
			return record === undefined
				? { status: 404, body: this.errorBody(404, `No ${request.params.resource} ${request.params.id}`) }
				: respond(record);
		});
	}

	private async publish(resource: string, action: string, record: AppRecord): Promise<void> {
		const event: AppEvent = { type: `${resource}.${action}`, data: structuredClone(record) };
		for (const subscription of this.subscriptions.filter((candidate) => candidate.resource === resource)) {
			const eventId = this.nextEventId();
			const body = JSON.stringify(event);
			const signature = this.signer.sign(eventId, this.now(), body);
			const headers = {
				'content-type': 'application/json',
				'webhook-id': eventId,
				'webhook-timestamp': String(Math.floor(this.now().getTime() / 1000)),
				'webhook-signature': signature,
			};
			const status = await fetch(subscription.url, { method: 'POST', headers, body }).then(
				(response) => response.status,
				() => 0,
			);
			this.deliveries.push({ url: subscription.url, eventId, event, status });
		}
	}
}
