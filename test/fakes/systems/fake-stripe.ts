import { randomBytes } from 'node:crypto';

import Stripe from 'stripe';

import { stripe } from '../../../runtime/connectors';
import {
	bracketObject,
	FakeSystem,
	formBody,
	idSequence,
	presentedSecret,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from './fake-server';
import {
	applyCustomerParameters,
	CUSTOMER_LIST_PARAMETERS,
	invalidCustomerParameters,
	invalidInteger,
	isInteger,
	unknownParameter,
	type StripeParameterError,
} from './stripe-customer-parameters';

export interface StripeAddress {
	line1: string | null;
	line2: string | null;
	city: string | null;
	state: string | null;
	postal_code: string | null;
	country: string | null;
}

/** The customer object as https://docs.stripe.com/api/customers/object documents it (the attributes this fake keeps). */
export interface StripeCustomer {
	id: string;
	object: 'customer';
	address: StripeAddress | null;
	balance: number;
	created: number;
	currency: string | null;
	default_source: string | null;
	delinquent: boolean;
	description: string | null;
	discount: null;
	email: string | null;
	invoice_prefix: string;
	invoice_settings: {
		custom_fields: null;
		default_payment_method: string | null;
		footer: string | null;
		rendering_options: null;
	};
	livemode: false;
	metadata: Record<string, string>;
	name: string | null;
	next_invoice_sequence: number;
	phone: string | null;
	preferred_locales: string[];
	shipping: { address: StripeAddress; name: string; phone: string | null } | null;
	tax_exempt: 'none' | 'exempt' | 'reverse';
	test_clock: null;
}

/** What a person may set on a customer in the dashboard (the fake's shortcuts). */
export type StripeCustomerFields = Partial<
	Pick<StripeCustomer, 'email' | 'name' | 'description' | 'phone' | 'metadata'>
>;

export interface StripeWebhookEndpoint {
	id: string;
	object: 'webhook_endpoint';
	api_version: string | null;
	created: number;
	description: string | null;
	enabled_events: string[];
	livemode: false;
	metadata: Record<string, string>;
	/** Returned only in the answer to the registration, as Stripe does. */
	secret: string;
	status: 'enabled' | 'disabled';
	url: string;
}

export interface StripeEvent {
	id: string;
	object: 'event';
	api_version: string;
	created: number;
	/** `previous_attributes`: on `*.updated` events, the old values of what changed. */
	data: { object: unknown; previous_attributes?: Record<string, unknown> };
	livemode: false;
	pending_webhooks: number;
	request: { id: null; idempotency_key: null };
	type: string;
}

/** One attempt to deliver an event to one endpoint. */
export interface StripeEventDelivery {
	endpointId: string;
	url: string;
	eventId: string;
	/** HTTP status of the answer; 0 when the endpoint could not be reached. */
	status: number;
	body: string;
}

// Stripe's limit on webhook endpoints per account and mode.
const MAX_WEBHOOK_ENDPOINTS = 16;
const API_VERSION = '2024-06-20';

/**
 * Stripe's customers and webhook endpoints APIs as documented: lists newest first as
 * `{object: 'list', data, has_more}` paged with `starting_after`/`limit` (1..100, default 10),
 * customers optionally filtered by exact `email`, form-encoded writes with bracket notation,
 * Idempotency-Key replay (with `Idempotent-Replayed: true`), `{error: {type, message}}`. A registered endpoint gets a fresh `whsec_` signing secret,
 * shown only in the registration answer; `deliver` posts an event to every enabled endpoint
 * subscribed to its type, signed with that secret the way Stripe signs (`Stripe-Signature`).
 *
 * Like Stripe, every change to a customer raises an event on its own: `customer.created`,
 * `customer.updated` (with `previous_attributes`; an update that changes nothing raises none) and
 * `customer.deleted` (the customer as it was). Changes through the API are delivered after the API
 * has answered, as Stripe's event queue does; a person's changes in the dashboard
 * (`dashboardCreatesCustomer`, ...) are delivered before the call returns.
 */
export class FakeStripe extends FakeSystem {
	readonly secretKey = 'sk_test_fakeStripeKey000000000000';
	/** Newest last; lists reverse it. */
	readonly customers: StripeCustomer[] = [];
	/** Newest last; lists reverse it. */
	readonly webhookEndpoints: StripeWebhookEndpoint[] = [];
	readonly deliveries: StripeEventDelivery[] = [];
	/** The events Stripe raised itself for customer changes, in order. */
	readonly events: StripeEvent[] = [];
	/** Deleted customers: read as `{id, object, deleted: true}`, absent from lists, not updatable. */
	readonly deletedCustomerIds = new Set<string>();
	idempotentReplays = 0;
	private readonly idempotency = new Map<string, { fingerprint: string; response: FakeResponse }>();
	private readonly nextCustomerId = idSequence('cus_fake');
	private readonly nextEndpointId = idSequence('we_fake');
	private readonly nextEventId = idSequence('evt_fake');
	private clock = 1_700_000_000;

	seedCustomers(count: number): StripeCustomer[] {
		return Array.from({ length: count }, (_, index) =>
			this.insert({ email: `user${index + 1}@example.test`, name: `User ${index + 1}` }),
		);
	}

	protected routes(): Route[] {
		return [
			{
				method: 'GET',
				path: '/v1/balance',
				handler: () => ({
					status: 200,
					body: { object: 'balance', available: [{ amount: 0, currency: 'usd' }], pending: [], livemode: false },
				}),
			},
			{ method: 'GET', path: '/v1/customers', handler: (request) => this.listCustomers(request) },
			{
				method: 'POST',
				path: '/v1/customers',
				handler: (request) =>
					this.idempotent(request, () => {
						const fields = formBody(request);
						const invalid = invalidCustomerParameters(fields);
						if (invalid !== undefined) return parameterError(invalid);
						const customer = this.insert(fields);
						this.deliverLater(this.raise('customer.created', customer));
						return { status: 200, body: customer };
					}),
			},
			{
				method: 'GET',
				path: '/v1/customers/:id',
				// A deleted customer still reads, as the stub the deletion answered (https://docs.stripe.com/api/customers/delete).
				handler: (request) =>
					this.deletedCustomerIds.has(request.params.id)
						? { status: 200, body: deletedStub(request.params.id) }
						: this.withCustomer(request, (customer) => ({ status: 200, body: customer })),
			},
			{
				method: 'POST',
				path: '/v1/customers/:id',
				handler: (request) =>
					this.idempotent(request, () =>
						this.withCustomer(request, (customer) => {
							const fields = formBody(request);
							const invalid = invalidCustomerParameters(fields);
							if (invalid !== undefined) return parameterError(invalid);
							const event = this.change(customer, fields);
							if (event !== undefined) this.deliverLater(event);
							return { status: 200, body: customer };
						}),
					),
			},
			{
				method: 'DELETE',
				path: '/v1/customers/:id',
				handler: (request) =>
					this.withCustomer(request, (customer) => {
						this.deliverLater(this.remove(customer));
						return { status: 200, body: deletedStub(customer.id) };
					}),
			},
			{
				method: 'GET',
				path: '/v1/webhook_endpoints',
				handler: (request) => this.list(request, this.webhookEndpoints.map(withoutSecret), 'webhook endpoint'),
			},
			{
				method: 'POST',
				path: '/v1/webhook_endpoints',
				handler: (request) => this.idempotent(request, () => this.registerEndpoint(formBody(request))),
			},
			{
				method: 'GET',
				path: '/v1/webhook_endpoints/:id',
				handler: (request) =>
					this.withEndpoint(request, (endpoint) => ({ status: 200, body: withoutSecret(endpoint) })),
			},
			{
				method: 'DELETE',
				path: '/v1/webhook_endpoints/:id',
				handler: (request) =>
					this.withEndpoint(request, (endpoint) => {
						this.webhookEndpoints.splice(this.webhookEndpoints.indexOf(endpoint), 1);
						return { status: 200, body: { id: endpoint.id, object: 'webhook_endpoint', deleted: true } };
					}),
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const header = request.headers.authorization;
		if (header === undefined) {
			return {
				status: 401,
				body: stripeError(
					'invalid_request_error',
					"You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
				),
			};
		}
		const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
		const key =
			presentedSecret(request, stripe.credential) ??
			(basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').replace(/:$/, ''));
		if (key !== this.secretKey)
			return {
				status: 401,
				body: stripeError(
					'invalid_request_error',
					`Invalid API Key provided: ${(key ?? '').slice(0, 8)}****${(key ?? '').slice(-4)}`,
				),
			};
		// A pinned version must be one Stripe released (https://docs.stripe.com/api/versioning).
		const version = request.headers['stripe-version'];
		if (typeof version === 'string' && !/^\d{4}-\d{2}-\d{2}(\.\w+)?$/.test(version)) {
			return { status: 400, body: stripeError('invalid_request_error', `Invalid Stripe API version: ${version}`) };
		}
		return undefined;
	}

	protected errorBody(status: number, message: string): unknown {
		if (status === 429)
			return {
				error: {
					type: 'invalid_request_error',
					code: 'rate_limit',
					message:
						'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
				},
			};
		if (status >= 500) return stripeError('api_error', message);
		return stripeError('invalid_request_error', message);
	}

	protected responseHeaders(): Record<string, string> {
		return { 'request-id': `req_fake${this.requests.length}` };
	}

	private insert(fields: Record<string, unknown>): StripeCustomer {
		const customer: StripeCustomer = {
			id: this.nextCustomerId(),
			object: 'customer',
			address: null,
			balance: 0,
			created: this.clock++,
			currency: null,
			default_source: null,
			delinquent: false,
			description: null,
			discount: null,
			email: null,
			invoice_prefix: `FAKE${String(this.customers.length + this.deletedCustomerIds.size + 1).padStart(4, '0')}`,
			invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
			livemode: false,
			metadata: {},
			name: null,
			next_invoice_sequence: 1,
			phone: null,
			preferred_locales: [],
			shipping: null,
			tax_exempt: 'none',
			test_clock: null,
		};
		applyCustomerParameters(customer, fields);
		this.customers.push(customer);
		return customer;
	}

	/** A person creates a customer in the Stripe dashboard; resolves once the event was delivered. */
	async dashboardCreatesCustomer(fields: StripeCustomerFields): Promise<StripeCustomer> {
		const customer = this.insert(fields);
		await this.deliver(this.raise('customer.created', customer));
		return customer;
	}

	/** A person edits a customer in the Stripe dashboard; resolves once the event (if anything changed) was delivered. */
	async dashboardEditsCustomer(id: string, fields: StripeCustomerFields): Promise<StripeCustomer> {
		const customer = this.customer(id);
		const event = this.change(customer, fields);
		if (event !== undefined) await this.deliver(event);
		return customer;
	}

	/** A person deletes a customer in the Stripe dashboard; resolves once the event was delivered. */
	async dashboardDeletesCustomer(id: string): Promise<void> {
		await this.deliver(this.remove(this.customer(id)));
	}

	/**
	 * A person deletes a customer in the dashboard while Stripe's `customer.deleted` is still in its
	 * event queue (delivery is asynchronous at Stripe); the returned function delivers it.
	 */
	dashboardDeletesCustomerEventQueued(id: string): () => Promise<StripeEventDelivery[]> {
		const event = this.remove(this.customer(id));
		return () => this.deliver(event);
	}

	/** An event as Stripe builds it, not yet sent. */
	createEvent(type: string, object: unknown, previousAttributes?: Record<string, unknown>): StripeEvent {
		return {
			id: this.nextEventId(),
			object: 'event',
			api_version: API_VERSION,
			created: Math.floor(Date.now() / 1000),
			data: previousAttributes === undefined ? { object } : { object, previous_attributes: previousAttributes },
			livemode: false,
			pending_webhooks: this.subscribersOf(type).length,
			request: { id: null, idempotency_key: null },
			type,
		};
	}

	/**
	 * Posts the event to every enabled endpoint subscribed to its type (or to `*`), each signed with
	 * that endpoint's secret at the current time, as Stripe does; call again to retry a delivery.
	 */
	async deliver(event: StripeEvent): Promise<StripeEventDelivery[]> {
		// Stripe sends pretty-printed JSON: the signature covers these exact bytes.
		const payload = JSON.stringify(event, null, 2);
		return Promise.all(
			this.subscribersOf(event.type).map(async (endpoint) => {
				const delivery: StripeEventDelivery = {
					endpointId: endpoint.id,
					url: endpoint.url,
					eventId: event.id,
					status: 0,
					body: '',
				};
				try {
					const response = await fetch(endpoint.url, {
						method: 'POST',
						headers: {
							'content-type': 'application/json; charset=utf-8',
							'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
							'cache-control': 'no-cache',
							'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: endpoint.secret }),
						},
						body: payload,
						signal: AbortSignal.timeout(30_000),
					});
					delivery.status = response.status;
					delivery.body = await response.text();
				} catch (error) {
					delivery.body = error instanceof Error ? error.message : String(error);
				}
				this.deliveries.push(delivery);
				return delivery;
			}),
		);
	}

	/** Raises an event about a customer as it is now (a copy: later changes do not alter it). */
	private raise(type: string, customer: StripeCustomer, previousAttributes?: Record<string, unknown>): StripeEvent {
		const event = this.createEvent(type, structuredClone(customer), previousAttributes);
		this.events.push(event);
		return event;
	}

	/** Applies fields to a customer; the `customer.updated` event when anything changed. */
	private change(customer: StripeCustomer, fields: Record<string, unknown>): StripeEvent | undefined {
		const before = structuredClone(customer);
		applyCustomerParameters(customer, fields);
		const previous: Record<string, unknown> = {};
		for (const [name, value] of Object.entries(before)) {
			if (JSON.stringify(value) !== JSON.stringify(customer[name as keyof StripeCustomer])) previous[name] = value;
		}
		return Object.keys(previous).length === 0 ? undefined : this.raise('customer.updated', customer, previous);
	}

	private remove(customer: StripeCustomer): StripeEvent {
		this.customers.splice(this.customers.indexOf(customer), 1);
		this.deletedCustomerIds.add(customer.id);
		return this.raise('customer.deleted', customer);
	}

	/** Stripe's event queue: the event goes out once the API call that raised it has been answered. */
	private deliverLater(event: StripeEvent): void {
		setImmediate(() => void this.deliver(event));
	}

	private customer(id: string): StripeCustomer {
		const customer = this.customers.find((candidate) => candidate.id === id);
		if (customer === undefined) throw new Error(`no Stripe customer ${id}`);
		return customer;
	}

	private subscribersOf(type: string): StripeWebhookEndpoint[] {
		return this.webhookEndpoints.filter(
			(endpoint) =>
				endpoint.status === 'enabled' &&
				(endpoint.enabled_events.includes(type) || endpoint.enabled_events.includes('*')),
		);
	}

	private registerEndpoint(fields: Record<string, unknown>): FakeResponse {
		if (typeof fields.url !== 'string' || fields.url === '') return missingParameter('url');
		const events = fields.enabled_events;
		if (events === null || typeof events !== 'object' || Object.keys(events).length === 0)
			return missingParameter('enabled_events');
		if (this.webhookEndpoints.length >= MAX_WEBHOOK_ENDPOINTS) {
			return {
				status: 400,
				body: stripeError(
					'invalid_request_error',
					`You have reached the maximum of ${MAX_WEBHOOK_ENDPOINTS} test webhook endpoints.`,
				),
			};
		}
		const endpoint: StripeWebhookEndpoint = {
			id: this.nextEndpointId(),
			object: 'webhook_endpoint',
			api_version: null,
			created: this.clock++,
			description: typeof fields.description === 'string' ? fields.description : null,
			enabled_events: Object.values(events as Record<string, string>),
			livemode: false,
			metadata:
				typeof fields.metadata === 'object' && fields.metadata !== null
					? { ...(fields.metadata as Record<string, string>) }
					: {},
			secret: `whsec_${randomBytes(24).toString('base64url')}`,
			status: 'enabled',
			url: fields.url,
		};
		this.webhookEndpoints.push(endpoint);
		return { status: 200, body: endpoint };
	}

	private withEndpoint(request: FakeRequest, then: (endpoint: StripeWebhookEndpoint) => FakeResponse): FakeResponse {
		const endpoint = this.webhookEndpoints.find((candidate) => candidate.id === request.params.id);
		if (endpoint === undefined) {
			return {
				status: 404,
				body: {
					error: {
						type: 'invalid_request_error',
						code: 'resource_missing',
						param: 'id',
						message: `No such webhook endpoint: '${request.params.id}'`,
					},
				},
			};
		}
		return then(endpoint);
	}

	/**
	 * GET /v1/customers with its documented filters (https://docs.stripe.com/api/customers/list):
	 * exact, case-sensitive `email`, and `created` as a timestamp or `created[gt|gte|lt|lte]`.
	 */
	private listCustomers(request: FakeRequest): FakeResponse {
		const query = bracketObject(request.query);
		const unknown = unknownParameter(query, CUSTOMER_LIST_PARAMETERS);
		if (unknown !== undefined) return parameterError(unknown);
		const created = createdFilter(query.created);
		if ('status' in created) return parameterError(created);
		const email = request.query.get('email');
		return this.list(
			request,
			this.customers.filter(
				(customer) => (email === null || customer.email === email) && created.matches(customer.created),
			),
			'customer',
		);
	}

	private list(request: FakeRequest, records: ReadonlyArray<{ id: string }>, noun: string): FakeResponse {
		const limit = Number(request.query.get('limit') ?? 10);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
			return {
				status: 400,
				body: {
					error: {
						type: 'invalid_request_error',
						code: 'parameter_invalid_integer',
						param: 'limit',
						message: 'This value must be greater than or equal to 1 and less than or equal to 100.',
					},
				},
			};
		}
		const newestFirst = [...records].reverse();
		let start = 0;
		let end = newestFirst.length;
		for (const param of ['starting_after', 'ending_before'] as const) {
			const cursor = request.query.get(param);
			if (cursor === null) continue;
			const index = newestFirst.findIndex((record) => record.id === cursor);
			if (index === -1) {
				return {
					status: 400,
					body: {
						error: {
							type: 'invalid_request_error',
							code: 'resource_missing',
							param,
							message: `No such ${noun}: '${cursor}'`,
						},
					},
				};
			}
			if (param === 'starting_after') start = index + 1;
			else {
				end = index;
				start = Math.max(0, index - limit);
			}
		}
		const data = newestFirst.slice(start, Math.min(end, start + limit));
		const hasMore = request.query.has('ending_before') ? start > 0 : start + limit < end;
		return { status: 200, body: { object: 'list', url: request.path, has_more: hasMore, data } };
	}

	private withCustomer(request: FakeRequest, then: (customer: StripeCustomer) => FakeResponse): FakeResponse {
		const customer = this.customers.find((candidate) => candidate.id === request.params.id);
		if (customer === undefined) {
			return {
				status: 404,
				body: {
					error: {
						type: 'invalid_request_error',
						code: 'resource_missing',
						param: 'id',
						message: `No such customer: '${request.params.id}'`,
					},
				},
			};
		}
		return then(customer);
	}

	private idempotent(request: FakeRequest, perform: () => FakeResponse): FakeResponse {
		const key = request.headers['idempotency-key'];
		if (typeof key !== 'string') return perform();
		const fingerprint = `${request.method} ${request.path} ${request.rawBody}`;
		const seen = this.idempotency.get(key);
		if (seen !== undefined) {
			if (seen.fingerprint !== fingerprint) {
				return {
					status: 400,
					body: stripeError(
						'idempotency_error',
						`Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
					),
				};
			}
			this.idempotentReplays += 1;
			return {
				...seen.response,
				headers: { ...seen.response.headers, 'idempotent-replayed': 'true', 'idempotency-key': key },
			};
		}
		const response = perform();
		// Stripe stores the result of any request that reached its API, errors included.
		this.idempotency.set(key, { fingerprint, response: { ...response, body: structuredClone(response.body) } });
		return { ...response, headers: { ...response.headers, 'idempotency-key': key } };
	}
}

function stripeError(type: string, message: string): unknown {
	return { error: { type, message } };
}

function missingParameter(param: string): FakeResponse {
	return {
		status: 400,
		body: {
			error: {
				type: 'invalid_request_error',
				code: 'parameter_missing',
				param,
				message: `Missing required param: ${param}.`,
			},
		},
	};
}

function withoutSecret(endpoint: StripeWebhookEndpoint): Omit<StripeWebhookEndpoint, 'secret'> {
	const shown: Partial<StripeWebhookEndpoint> = { ...endpoint };
	delete shown.secret;
	return shown as Omit<StripeWebhookEndpoint, 'secret'>;
}

function deletedStub(id: string): { id: string; object: 'customer'; deleted: true } {
	return { id, object: 'customer', deleted: true };
}

function parameterError(error: StripeParameterError): FakeResponse {
	return { status: error.status, body: { error: error.error } };
}

/** `created` of a list request as a predicate, or the error Stripe answers. */
function createdFilter(created: unknown): { matches: (timestamp: number) => boolean } | StripeParameterError {
	if (created === undefined) return { matches: () => true };
	if (typeof created === 'string')
		return isInteger(created)
			? { matches: (timestamp) => timestamp === Number(created) }
			: invalidInteger('created', created);
	const bounds = created as Record<string, string>;
	for (const [name, value] of Object.entries(bounds)) {
		if (!isInteger(value)) return invalidInteger(`created[${name}]`, value);
	}
	const bound = (name: string) => (name in bounds ? Number(bounds[name]) : undefined);
	const [gt, gte, lt, lte] = ['gt', 'gte', 'lt', 'lte'].map(bound);
	return {
		matches: (timestamp) =>
			(gt === undefined || timestamp > gt) &&
			(gte === undefined || timestamp >= gte) &&
			(lt === undefined || timestamp < lt) &&
			(lte === undefined || timestamp <= lte),
	};
}
