import { SyncBridgeError, type ConnectorErrorCode } from '../errors';
import type { BuiltRequest } from './built-request';
import type { ConnectorDescriptor, WebhookRegistrationDescriptor } from './connector-descriptor';
import { extractId } from './id-position';
import { readPath } from '../dot-path';
import { buildWebhookRequest, type RequestInput } from './request-builder';

/** What a trigger asks a system to deliver: where to, and which events. */
export interface EndpointSubscription {
	url: string;
	events: string[];
}

/**
 * The endpoint a trigger registered, as the trigger keeps it (n8n: workflow static data). The
 * signing secret is kept here because a system such as Stripe returns it only once, at registration.
 */
export interface RegisteredEndpoint extends EndpointSubscription {
	id: string;
	secret?: string;
}

export type WebhookRegistrationErrorCode = Extract<
	ConnectorErrorCode,
	'NOT_SUPPORTED' | 'NO_EVENTS' | 'NO_ENDPOINT_ID' | 'NO_SIGNING_SECRET'
>;

export class WebhookRegistrationError extends SyncBridgeError {
	constructor(
		readonly code: WebhookRegistrationErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'WebhookRegistrationError';
	}
}

/** Whether the registered endpoint still delivers what is wanted; when not, why. */
export type EndpointCheck = { current: true } | { current: false; reason: string };

type SubscribableWebhooks = WebhookRegistrationDescriptor & { urlPosition: string; eventsPosition: string };

/** The descriptor's webhook section, when it says where the URL and events go; else a typed error. */
export function subscribableWebhooks(descriptor: ConnectorDescriptor): SubscribableWebhooks {
	const webhooks = descriptor.webhooks;
	if (webhooks?.urlPosition === undefined || webhooks.eventsPosition === undefined) {
		throw new WebhookRegistrationError(
			'NOT_SUPPORTED',
			`Connector '${descriptor.id}' does not describe how to register a webhook endpoint for a URL and events`,
		);
	}
	return webhooks as SubscribableWebhooks;
}

/** The events in a stable order, each once. */
export function normaliseEvents(events: readonly string[]): string[] {
	return [...new Set(events.map((event) => event.trim()).filter((event) => event !== ''))].sort();
}

/** The request registering `subscription`; `extraBody` adds system-specific fields (Stripe: description, metadata). */
export function registrationRequest(
	descriptor: ConnectorDescriptor,
	subscription: EndpointSubscription,
	input: Omit<RequestInput, 'body'> & { extraBody?: Record<string, unknown> } = {},
): BuiltRequest {
	const webhooks = subscribableWebhooks(descriptor);
	const events = normaliseEvents(subscription.events);
	if (events.length === 0) throw new WebhookRegistrationError('NO_EVENTS', 'Choose at least one event to subscribe to');
	const { extraBody, ...request } = input;
	return buildWebhookRequest(descriptor, 'register', {
		...request,
		body: { ...extraBody, [webhooks.urlPosition]: subscription.url, [webhooks.eventsPosition]: events },
	});
}

/** What to keep from the registration response: the endpoint's id and, where the system generates one, its signing secret. */
export function registeredEndpoint(
	descriptor: ConnectorDescriptor,
	subscription: EndpointSubscription,
	responseBody: unknown,
): RegisteredEndpoint {
	const webhooks = subscribableWebhooks(descriptor);
	const id = extractId(responseBody, webhooks.idPosition);
	if (id === undefined) {
		throw new WebhookRegistrationError(
			'NO_ENDPOINT_ID',
			`${descriptor.displayName} registered the endpoint but its answer has no '${webhooks.idPosition}'`,
		);
	}
	const endpoint: RegisteredEndpoint = { id, url: subscription.url, events: normaliseEvents(subscription.events) };
	if (webhooks.secretPosition !== undefined) {
		const secret = readPath(responseBody, webhooks.secretPosition);
		if (typeof secret !== 'string' || secret === '') {
			throw new WebhookRegistrationError(
				'NO_SIGNING_SECRET',
				`${descriptor.displayName} registered endpoint ${id} but its answer has no signing secret at '${webhooks.secretPosition}'`,
			);
		}
		endpoint.secret = secret;
	}
	return endpoint;
}

/** A stored endpoint record, or undefined when the value is not one (nothing stored yet, or an older shape). */
export function readRegisteredEndpoint(value: unknown): RegisteredEndpoint | undefined {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const { id, secret, url, events } = value as Record<string, unknown>;
	if (typeof id !== 'string' || id === '' || typeof url !== 'string' || !Array.isArray(events)) return undefined;
	if (!events.every((event): event is string => typeof event === 'string')) return undefined;
	return { id, url, events: [...events], ...(typeof secret === 'string' && secret !== '' ? { secret } : {}) };
}

/**
 * Decides n8n's `checkExists`: the stored endpoint counts only while the system still has it
 * (`remote`, retrieved by id; undefined when the system answered 404), posting to the wanted URL
 * with exactly the wanted events, and while its signing secret is known (without it every
 * delivery would be refused).
 */
export function checkRegisteredEndpoint(
	descriptor: ConnectorDescriptor,
	stored: RegisteredEndpoint | undefined,
	remote: unknown,
	wanted: EndpointSubscription,
): EndpointCheck {
	const webhooks = subscribableWebhooks(descriptor);
	if (stored === undefined) return { current: false, reason: 'no endpoint has been registered yet' };
	if (webhooks.secretPosition !== undefined && stored.secret === undefined) {
		return { current: false, reason: `the signing secret of endpoint ${stored.id} is not known` };
	}
	if (remote === undefined || remote === null)
		return { current: false, reason: `endpoint ${stored.id} no longer exists at ${descriptor.displayName}` };
	const url = readPath(remote, webhooks.urlPosition);
	if (url !== wanted.url)
		return { current: false, reason: `endpoint ${stored.id} posts to ${String(url)}, not ${wanted.url}` };
	const events = readPath(remote, webhooks.eventsPosition);
	const remoteEvents = Array.isArray(events) ? normaliseEvents(events.map(String)) : [];
	const wantedEvents = normaliseEvents(wanted.events);
	if (remoteEvents.join('\n') !== wantedEvents.join('\n')) {
		return {
			current: false,
			reason: `endpoint ${stored.id} sends ${remoteEvents.join(', ') || 'no events'}, not ${wantedEvents.join(', ')}`,
		};
	}
	return { current: true };
}

/**
 * The registered endpoints to remove before registering again: the one this trigger stored, and
 * any other posting to the same URL (left behind when the stored record was lost). Their signing
 * secrets are unknown, so they could only ever deliver refused requests.
 */
export function endpointsToReplace(
	descriptor: ConnectorDescriptor,
	stored: RegisteredEndpoint | undefined,
	listed: readonly unknown[],
	url: string,
): string[] {
	const webhooks = subscribableWebhooks(descriptor);
	const ids = new Set<string>();
	for (const endpoint of listed) {
		const id = extractId(endpoint, webhooks.idPosition);
		if (id !== undefined && (id === stored?.id || readPath(endpoint, webhooks.urlPosition) === url)) ids.add(id);
	}
	return [...ids];
}
