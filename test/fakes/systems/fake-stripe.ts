import { bearerToken, FakeSystem, formBody, idSequence, type FakeRequest, type FakeResponse, type Route } from './fake-server';

export interface StripeCustomer {
	id: string;
	object: 'customer';
	created: number;
	email: string | null;
	name: string | null;
	description: string | null;
	phone: string | null;
	metadata: Record<string, string>;
	livemode: false;
}

/**
 * Stripe's customers API as documented: lists newest first as `{object: 'list', data, has_more}`
 * paged with `starting_after`/`limit` (1..100, default 10), optionally filtered by exact `email`, form-encoded writes with bracket
 * notation, Idempotency-Key replay (with `Idempotent-Replayed: true`), `{error: {type, message}}`.
 */
export class FakeStripe extends FakeSystem {
	readonly secretKey = 'sk_test_fakeStripeKey000000000000';
	/** Newest last; lists reverse it. */
	readonly customers: StripeCustomer[] = [];
	readonly webhookEndpoints: Record<string, unknown>[] = [];
	idempotentReplays = 0;
	private readonly idempotency = new Map<string, { fingerprint: string; response: FakeResponse }>();
	private readonly nextCustomerId = idSequence('cus_fake');
	private clock = 1_700_000_000;

	seedCustomers(count: number): StripeCustomer[] {
		return Array.from({ length: count }, (_, index) => this.insert({ email: `user${index + 1}@example.test`, name: `User ${index + 1}` }));
	}

	protected routes(): Route[] {
		return [
			{ method: 'GET', path: '/v1/balance', handler: () => ({ status: 200, body: { object: 'balance', available: [{ amount: 0, currency: 'usd' }], pending: [], livemode: false } }) },
			{ method: 'GET', path: '/v1/customers', handler: (request) => this.list(request) },
			{ method: 'POST', path: '/v1/customers', handler: (request) => this.idempotent(request, () => ({ status: 200, body: this.insert(formBody(request)) })) },
			{ method: 'GET', path: '/v1/customers/:id', handler: (request) => this.withCustomer(request, (customer) => ({ status: 200, body: customer })) },
			{
				method: 'POST',
				path: '/v1/customers/:id',
				handler: (request) => this.idempotent(request, () => this.withCustomer(request, (customer) => ({ status: 200, body: applyFields(customer, formBody(request)) }))),
			},
			{
				method: 'DELETE',
				path: '/v1/customers/:id',
				handler: (request) =>
					this.withCustomer(request, (customer) => {
						this.customers.splice(this.customers.indexOf(customer), 1);
						return { status: 200, body: { id: customer.id, object: 'customer', deleted: true } };
					}),
			},
			{
				method: 'POST',
				path: '/v1/webhook_endpoints',
				handler: (request) => {
					const fields = formBody(request);
					const endpoint = {
						id: `we_fake${this.webhookEndpoints.length + 1}`,
						object: 'webhook_endpoint',
						url: fields.url,
						enabled_events: Object.values((fields.enabled_events as Record<string, string>) ?? {}),
						secret: `whsec_fake${this.webhookEndpoints.length + 1}`,
						status: 'enabled',
						livemode: false,
					};
					this.webhookEndpoints.push(endpoint);
					return { status: 200, body: endpoint };
				},
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const header = request.headers.authorization;
		if (header === undefined) {
			return { status: 401, body: stripeError('invalid_request_error', "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').") };
		}
		const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
		const key = bearerToken(request) ?? (basic === undefined ? undefined : Buffer.from(basic, 'base64').toString('utf8').replace(/:$/, ''));
		if (key === this.secretKey) return undefined;
		return { status: 401, body: stripeError('invalid_request_error', `Invalid API Key provided: ${(key ?? '').slice(0, 8)}****${(key ?? '').slice(-4)}`) };
	}

	protected errorBody(status: number, message: string): unknown {
		if (status === 429) return { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' } };
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
			created: this.clock++,
			email: null,
			name: null,
			description: null,
			phone: null,
			metadata: {},
			livemode: false,
		};
		applyFields(customer, fields);
		this.customers.push(customer);
		return customer;
	}

	private list(request: FakeRequest): FakeResponse {
		const limit = Number(request.query.get('limit') ?? 10);
		if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
			return { status: 400, body: { error: { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'limit', message: 'This value must be greater than or equal to 1 and less than or equal to 100.' } } };
		}
		// Stripe's `email` filter is exact and case-sensitive.
		const email = request.query.get('email');
		const newestFirst = [...this.customers].reverse().filter((customer) => email === null || customer.email === email);
		let start = 0;
		const after = request.query.get('starting_after');
		if (after !== null) {
			const index = newestFirst.findIndex((customer) => customer.id === after);
			if (index === -1) {
				return { status: 400, body: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'starting_after', message: `No such customer: '${after}'` } } };
			}
			start = index + 1;
		}
		const data = newestFirst.slice(start, start + limit);
		return { status: 200, body: { object: 'list', url: '/v1/customers', has_more: start + limit < newestFirst.length, data } };
	}

	private withCustomer(request: FakeRequest, then: (customer: StripeCustomer) => FakeResponse): FakeResponse {
		const customer = this.customers.find((candidate) => candidate.id === request.params.id);
		if (customer === undefined) {
			return { status: 404, body: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such customer: '${request.params.id}'` } } };
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
					body: stripeError('idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`),
				};
			}
			this.idempotentReplays += 1;
			return { ...seen.response, headers: { ...seen.response.headers, 'idempotent-replayed': 'true', 'idempotency-key': key } };
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

function applyFields(customer: StripeCustomer, fields: Record<string, unknown>): StripeCustomer {
	for (const name of ['email', 'name', 'description', 'phone'] as const) {
		if (name in fields) customer[name] = fields[name] === '' ? null : String(fields[name]);
	}
	if (typeof fields.metadata === 'object' && fields.metadata !== null) {
		for (const [key, value] of Object.entries(fields.metadata as Record<string, string>)) {
			if (value === '') delete customer.metadata[key];
			else customer.metadata[key] = value;
		}
	}
	return customer;
}
