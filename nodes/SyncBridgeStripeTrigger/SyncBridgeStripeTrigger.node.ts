import {
	NodeConnectionTypes,
	NodeOperationError,
	webhookDescriptionFields,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import { describeFailure } from '../shared/connector-errors';
import { connectorSender } from '../shared/connector-transport';
import {
	deliveryLedgerCredential,
	deliveryOptions,
	positiveOption,
	replayStoreProperty,
	respondProperty,
	respondResolvers,
	type SignedDeliveryOptions,
} from '../shared/signed-delivery-parameters';
import { answerSignedDelivery } from '../shared/signed-delivery-webhook';
import {
	readRegisteredEndpoint,
	stripe,
	stripeConnector,
	webhookRegistrar,
	type EndpointSubscription,
	type WebhookRegistrar,
} from '../../runtime/connectors';
import { DEFAULT_TOLERANCE_SECONDS } from '../../runtime/webhooks/timestamp-tolerance';

const CREDENTIAL_TYPE = stripe.credential.name;
// Key of the registered endpoint (id, URL, events, signing secret) in the node's workflow static data.
const ENDPOINT_STATIC_KEY = 'stripeEndpoint';
const STRIPE_EVENTS = [...(stripeConnector.webhooks?.events ?? [])].sort();

/** `customer.created` -> `Customer Created`. */
function eventDisplayName(event: string): string {
	return event
		.split(/[._]/)
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** The lifecycle calls go through n8n's request helper with the Stripe credential, which signs them. */
async function registrarFor(context: IHookFunctions): Promise<WebhookRegistrar> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const sender = connectorSender(context, stripeConnector, CREDENTIAL_TYPE, { maxAttempts: 3 });
	return webhookRegistrar(
		{ ...stripeConnector, auth: { kind: 'none' } },
		(request) => sender.send(request),
		credentials,
	);
}

function wantedSubscription(context: IHookFunctions): EndpointSubscription {
	const url = context.getNodeWebhookUrl('default');
	if (url === undefined || url === '')
		throw new NodeOperationError(context.getNode(), 'n8n gave no webhook URL to register at Stripe');
	const events = context.getNodeParameter('events', []) as string[];
	if (events.length === 0) throw new NodeOperationError(context.getNode(), 'Choose at least one Stripe event');
	return { url, events };
}

/** A failed Stripe call, with Stripe's own message where it gave one. */
function stripeFailure(context: IHookFunctions, action: string, error: unknown): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const failure = describeFailure(stripeConnector, error);
	return new NodeOperationError(
		context.getNode(),
		`Could not ${action} the Stripe webhook endpoint: ${failure.message}`,
		{ description: `${failure.code}${failure.httpStatus === undefined ? '' : ` (HTTP ${failure.httpStatus})`}` },
	);
}

export class SyncBridgeStripeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Stripe Trigger',
		name: 'syncBridgeStripeTrigger',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly as 1. n8n 2.41 treats any version-1 webhook node as its legacy Webhook
		// v1 and evaluates an expression (in a fresh expression isolate) for every delivery; 2 avoids that.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description:
			"Starts the workflow on Stripe events. Registers its webhook endpoint at Stripe when the workflow is published and removes it when unpublished; deliveries are verified with that endpoint's signing secret",
		defaults: {
			name: 'SyncBridge Stripe Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }, deliveryLedgerCredential],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'webhook',
				...webhookDescriptionFields(respondResolvers),
			},
		],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: STRIPE_EVENTS,
				options: STRIPE_EVENTS.map((event) => ({ name: eventDisplayName(event), value: event })),
				description: 'The Stripe events the registered endpoint receives',
			},
			respondProperty,
			replayStoreProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: deliveryOptions(
					'How far the signed timestamp (t=) of a delivery may be from now, in the past or the future',
				),
			},
		],
	};

	methods = {
		credentialTest: { syncBridgePostgresConnectionTest },
	};

	webhookMethods = {
		default: {
			/** True only while the stored endpoint exists at Stripe with this URL and these events, and its secret is known. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const stored = readRegisteredEndpoint(this.getWorkflowStaticData('node')[ENDPOINT_STATIC_KEY]);
				const wanted = wantedSubscription(this);
				let check: Awaited<ReturnType<WebhookRegistrar['check']>>;
				try {
					check = await (await registrarFor(this)).check(stored, wanted);
				} catch (error) {
					throw stripeFailure(this, 'check', error);
				}
				if (!check.current)
					this.logger.info(
						`SyncBridge Stripe Trigger "${this.getNode().name}" registers a webhook endpoint at Stripe: ${check.reason}`,
					);
				return check.current;
			},

			/** Registers the endpoint (replacing the stored one and orphans at the same URL) and keeps its id and signing secret. */
			async create(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const stored = readRegisteredEndpoint(staticData[ENDPOINT_STATIC_KEY]);
				const wanted = wantedSubscription(this);
				const workflow = this.getWorkflow();
				const node = this.getNode();
				try {
					const { endpoint, replaced } = await (
						await registrarFor(this)
					).register(stored, wanted, {
						description: `n8n workflow "${workflow.name ?? workflow.id ?? ''}", node "${node.name}"`,
						metadata: { n8n_workflow_id: workflow.id ?? '', n8n_node: node.name },
					});
					staticData[ENDPOINT_STATIC_KEY] = { ...endpoint } as unknown as IDataObject;
					if (replaced.length > 0)
						this.logger.info(
							`SyncBridge Stripe Trigger "${node.name}" removed replaced Stripe webhook endpoints: ${replaced.join(', ')}`,
						);
				} catch (error) {
					throw stripeFailure(this, 'register', error);
				}
				return true;
			},

			/** Removes the stored endpoint at Stripe (already gone counts as removed) and forgets it. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const stored = readRegisteredEndpoint(staticData[ENDPOINT_STATIC_KEY]);
				if (stored === undefined) return true;
				try {
					await (await registrarFor(this)).unregister(stored);
				} catch (error) {
					throw stripeFailure(this, 'remove', error);
				}
				delete staticData[ENDPOINT_STATIC_KEY];
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as SignedDeliveryOptions;
		// Only the secret Stripe gave this node's endpoint verifies; with none stored, every delivery is refused.
		const endpoint = readRegisteredEndpoint(this.getWorkflowStaticData('node')[ENDPOINT_STATIC_KEY]);
		return answerSignedDelivery(this, {
			scheme: 'stripe',
			secrets: endpoint?.secret === undefined ? [] : [endpoint.secret],
			toleranceSeconds: positiveOption(options.toleranceSeconds) ?? DEFAULT_TOLERANCE_SECONDS,
		});
	}
}
