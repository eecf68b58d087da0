import type { AuthDescriptor, ConnectorDescriptor, OperationDescriptor, OperationName } from './connector-descriptor';
import type { BuiltRequest } from './built-request';
import type { PageState } from './page-state';
import { encodeForm } from './form-encoding';
import { encodeXml } from './xml-encoding';
import { initialPageState } from './pagination';
import { fillCredentialPlaceholders, fillPathPlaceholders } from './url-template';

export interface RequestInput {
	/** The record's id (or external id for upsert), for `{id}` in the path. */
	id?: string;
	/** Other `{name}` path placeholders. */
	parameters?: Record<string, unknown>;
	body?: Record<string, unknown>;
	/** Several records for an operation with a `batchKey` (a `body` alone is sent as a batch of one). */
	batch?: Record<string, unknown>[];
	query?: Record<string, string>;
	/** The page to fetch (list only); absent for the first page. */
	pageState?: PageState;
	credentials?: Record<string, unknown>;
	/** Sent in the connector's idempotency header on writes, where it has one. */
	idempotencyKey?: string;
}

const WRITES: ReadonlySet<OperationName> = new Set(['create', 'update', 'upsert', 'delete']);

/** Finds an operation, with an error naming what the connector does offer. */
export function findOperation(
	descriptor: ConnectorDescriptor,
	resource: string,
	operation: OperationName,
): OperationDescriptor {
	const resourceDescriptor = descriptor.resources[resource];
	if (resourceDescriptor === undefined) {
		throw new Error(
			`Connector '${descriptor.id}' has no resource '${resource}' (it has: ${Object.keys(descriptor.resources).join(', ')})`,
		);
	}
	const found = resourceDescriptor.operations[operation];
	if (found === undefined) {
		throw new Error(
			`Resource '${resource}' of connector '${descriptor.id}' has no '${operation}' operation (it has: ${Object.keys(resourceDescriptor.operations).join(', ')})`,
		);
	}
	return found;
}

/** The HTTP request for one operation on one resource. */
export function buildRequest(
	descriptor: ConnectorDescriptor,
	resource: string,
	operation: OperationName,
	input: RequestInput = {},
): BuiltRequest {
	return buildOperationRequest(descriptor, findOperation(descriptor, resource, operation), operation, input);
}

export type WebhookAction = 'register' | 'unregister' | 'list' | 'get';

const WEBHOOK_OPERATIONS: Record<WebhookAction, OperationName> = {
	register: 'create',
	unregister: 'delete',
	list: 'list',
	get: 'get',
};

/**
 * The HTTP request registering, listing (one page: `pageState` as for resource lists), retrieving
 * (`id`) or removing (`id`) a webhook endpoint at the system.
 */
export function buildWebhookRequest(
	descriptor: ConnectorDescriptor,
	action: WebhookAction,
	input: RequestInput = {},
): BuiltRequest {
	const spec = descriptor.webhooks?.[action];
	if (spec === undefined) throw new Error(`Connector '${descriptor.id}' cannot ${action} webhooks`);
	return buildOperationRequest(descriptor, spec, WEBHOOK_OPERATIONS[action], input);
}

/** The request asking the system for a resource's fields (`fields`) or its record keys (`keys`), as its `fieldDiscovery` says. */
export function buildFieldDiscoveryRequest(
	descriptor: ConnectorDescriptor,
	resource: string,
	part: 'fields' | 'keys',
	input: Pick<RequestInput, 'credentials' | 'parameters'> = {},
): BuiltRequest {
	const spec = descriptor.resources[resource]?.fieldDiscovery?.[part];
	if (spec === undefined) throw new Error(`Connector '${descriptor.id}' cannot list the ${part} of '${resource}'`);
	return buildOperationRequest(descriptor, spec, 'get', input);
}

/**
 * The request of a described operation outside a resource's `operations` (a bulk API's calls): the
 * connector's base URL, headers and auth, with `{name}` placeholders filled from `input.parameters`.
 */
export function buildDescribedRequest(
	descriptor: ConnectorDescriptor,
	spec: OperationDescriptor,
	input: RequestInput = {},
): BuiltRequest {
	return buildOperationRequest(descriptor, spec, 'create', input);
}

function buildOperationRequest(
	descriptor: ConnectorDescriptor,
	spec: OperationDescriptor,
	operation: OperationName,
	input: RequestInput,
): BuiltRequest {
	const credentials = input.credentials ?? {};
	const pagination = spec.pagination ?? descriptor.pagination;
	const pageState = operation === 'list' ? (input.pageState ?? initialPageState(pagination)) : undefined;

	const url = pageState?.url ?? composeUrl(descriptor, spec, input, credentials, pageState);
	const headers: Record<string, string> = {
		accept: descriptor.responseFormat === 'xml' ? 'application/xml' : 'application/json',
		...fillHeaders(descriptor.headers, credentials),
		...fillHeaders(spec.headers, credentials),
		...authHeaders(descriptor.auth, credentials),
	};
	if (WRITES.has(operation) && descriptor.idempotencyHeader !== undefined && input.idempotencyKey !== undefined) {
		headers[descriptor.idempotencyHeader.toLowerCase()] = input.idempotencyKey;
	}

	const built: BuiltRequest = { method: spec.method, url, headers };
	const body = encodeBody(spec, batchBody(spec, input), pageState);
	if (body !== undefined) {
		built.body = body.text;
		headers['content-type'] = body.contentType;
	}
	if (pageState !== undefined) built.pageState = pageState;
	return built;
}

function composeUrl(
	descriptor: ConnectorDescriptor,
	spec: OperationDescriptor,
	input: RequestInput,
	credentials: Record<string, unknown>,
	pageState: PageState | undefined,
): string {
	const parameters = { ...input.parameters, ...(input.id === undefined ? {} : { id: input.id }) };
	const path = fillPathPlaceholders(fillCredentialPlaceholders(spec.path, credentials), parameters);
	const base = fillCredentialPlaceholders(descriptor.baseUrl, credentials).replace(/\/+$/, '');
	const url = new URL(/^https?:\/\//i.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`);
	const query = { ...fillValues(spec.query, credentials), ...input.query, ...pageState?.query };
	for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
	return url.toString();
}

function fillValues(
	values: Record<string, string> | undefined,
	credentials: Record<string, unknown>,
): Record<string, string> {
	const filled: Record<string, string> = {};
	for (const [name, value] of Object.entries(values ?? {}))
		filled[name] = fillCredentialPlaceholders(value, credentials);
	return filled;
}

/** Header names lower-cased, so a descriptor's `Accept` replaces the default `accept`. */
function fillHeaders(
	headers: Record<string, string> | undefined,
	credentials: Record<string, unknown>,
): Record<string, string> {
	const filled: Record<string, string> = {};
	for (const [name, value] of Object.entries(fillValues(headers, credentials))) filled[name.toLowerCase()] = value;
	return filled;
}

function authHeaders(auth: AuthDescriptor, credentials: Record<string, unknown>): Record<string, string> {
	switch (auth.kind) {
		case 'none':
			return {};
		case 'bearer':
			return { authorization: `Bearer ${required(credentials, auth.tokenField)}` };
		case 'apiKeyHeader':
			return { [auth.name.toLowerCase()]: `${auth.prefix ?? ''}${required(credentials, auth.field)}` };
		case 'basic': {
			const pair = `${required(credentials, auth.usernameField)}:${required(credentials, auth.passwordField)}`;
			return { authorization: `Basic ${Buffer.from(pair, 'utf8').toString('base64')}` };
		}
		case 'oauth2': {
			// In n8n, httpRequestWithAuthentication signs the request; a token is only present in scripts.
			const token = credentials[auth.tokenField ?? 'accessToken'];
			return typeof token === 'string' && token !== '' ? { authorization: `Bearer ${token}` } : {};
		}
	}
}

function required(credentials: Record<string, unknown>, field: string): string {
	const value = credentials[field];
	if (value === undefined || value === null || value === '') {
		throw new Error(`The credentials have no '${field}', which the connector needs to authenticate`);
	}
	return String(value);
}

function batchBody(spec: OperationDescriptor, input: RequestInput): Record<string, unknown> | undefined {
	if (spec.batchKey === undefined) {
		if (input.batch !== undefined)
			throw new Error(`The operation ${spec.method} ${spec.path} takes one record, not a batch`);
		return input.body;
	}
	const records = input.batch ?? (input.body === undefined ? undefined : [input.body]);
	return records === undefined ? undefined : { [spec.batchKey]: records };
}

function encodeBody(
	spec: OperationDescriptor,
	body: Record<string, unknown> | undefined,
	pageState: PageState | undefined,
): { text: string; contentType: string } | undefined {
	const encoding = spec.bodyEncoding ?? 'json';
	if (encoding === 'graphql') {
		const variables = { ...body, ...pageState?.variables };
		return { text: JSON.stringify({ query: spec.graphqlQuery ?? '', variables }), contentType: 'application/json' };
	}
	if (body === undefined) return undefined;
	switch (encoding) {
		case 'form':
			return { text: encodeForm(body), contentType: 'application/x-www-form-urlencoded' };
		case 'xml':
			return { text: encodeXml(body, spec.xmlRoot ?? 'record'), contentType: 'application/xml' };
		default:
			return { text: JSON.stringify(body), contentType: 'application/json' };
	}
}
