import { PermanentHttpError } from '../http/errors';
import { fetchAllWebhookEndpoints, type SendListRequest } from './fetch-all';
import type { ConnectorDescriptor } from './connector-descriptor';
import { buildWebhookRequest } from './request-builder';
import {
	checkRegisteredEndpoint,
	endpointsToReplace,
	registeredEndpoint,
	registrationRequest,
	subscribableWebhooks,
	type EndpointCheck,
	type EndpointSubscription,
	type RegisteredEndpoint,
} from './webhook-endpoints';

export interface WebhookRegistrar {
	/** Whether `stored` still exists at the system with the wanted URL and events (one retrieve call). */
	check(stored: RegisteredEndpoint | undefined, wanted: EndpointSubscription): Promise<EndpointCheck>;
	/** Removes the stored endpoint and any other posting to the wanted URL, then registers a new one. */
	register(
		stored: RegisteredEndpoint | undefined,
		wanted: EndpointSubscription,
		extraBody?: Record<string, unknown>,
	): Promise<{ endpoint: RegisteredEndpoint; replaced: string[] }>;
	/** Removes the stored endpoint; false when the system no longer had it (404), which counts as removed. */
	unregister(stored: RegisteredEndpoint): Promise<boolean>;
}

/**
 * A trigger's webhook endpoint lifecycle at one system, over the descriptor's `webhooks` section.
 * `send` resolves with 2xx answers and rejects otherwise (a `PermanentHttpError` for a 4xx), as the
 * runtime's resilient client does.
 */
export function webhookRegistrar(
	descriptor: ConnectorDescriptor,
	send: SendListRequest,
	credentials: Record<string, unknown>,
): WebhookRegistrar {
	const webhooks = subscribableWebhooks(descriptor);

	async function remove(id: string): Promise<boolean> {
		const answer = await send(buildWebhookRequest(descriptor, 'unregister', { credentials, id })).catch(unlessNotFound);
		return answer !== notFound;
	}

	return {
		async check(stored, wanted) {
			if (stored === undefined || (webhooks.secretPosition !== undefined && stored.secret === undefined)) {
				return checkRegisteredEndpoint(descriptor, stored, undefined, wanted);
			}
			const answer = await send(buildWebhookRequest(descriptor, 'get', { credentials, id: stored.id })).catch(
				unlessNotFound,
			);
			return checkRegisteredEndpoint(descriptor, stored, answer === notFound ? undefined : answer.body, wanted);
		},

		async register(stored, wanted, extraBody) {
			const request = registrationRequest(descriptor, wanted, { credentials, extraBody });
			const listed = await fetchAllWebhookEndpoints(descriptor, send, { credentials });
			const replaced = endpointsToReplace(descriptor, stored, listed.records, wanted.url);
			for (const id of replaced) await remove(id);
			const response = await send(request);
			return { endpoint: registeredEndpoint(descriptor, wanted, response.body), replaced };
		},

		unregister: (stored) => remove(stored.id),
	};
}

const notFound = Symbol('notFound');

/** Turns the system's 404 into the `notFound` marker; any other error stays a rejection. */
function unlessNotFound(error: unknown): typeof notFound {
	if (error instanceof PermanentHttpError && error.status === 404) return notFound;
	throw error;
}
