import {
	fromParameter,
	NodeConnectionTypes,
	webhookDescriptionFields,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import {
	deliveryLedgerCredential,
	deliveryOptions,
	positiveOption,
	replayStoreProperty,
	respondProperty,
	respondResolvers,
	type SignedDeliveryOptions,
} from '../shared/signed-delivery-parameters';
import { recentCredentials } from '../shared/recent-credentials';
import {
	answerSignedDelivery,
	deliveryVerifies,
	refuseDelivery,
	type DeliveryVerification,
} from '../shared/signed-delivery-webhook';
import { secretConfigurationProblems } from '../../runtime/webhooks/secret-configuration';
import { DEFAULT_TOLERANCE_SECONDS } from '../../runtime/webhooks/timestamp-tolerance';
import { parseSecrets } from '../../runtime/webhooks/webhook-secrets';

const CREDENTIAL_TYPE = 'syncBridgeWebhookSecretApi';

interface TriggerOptions extends SignedDeliveryOptions {
	eventIdHeader?: string;
	eventIdPath?: string;
}

interface WebhookCredential {
	scheme: unknown;
	secrets: string[];
	headerName?: string;
	toleranceSeconds?: number;
}

function readCredential(data: ICredentialDataDecryptedObject | undefined): WebhookCredential {
	const secrets = parseSecrets(
		typeof data?.secrets === 'string' ? data.secrets : undefined,
		typeof data?.previousSecrets === 'string' ? data.previousSecrets : undefined,
	);
	return {
		scheme: data?.scheme,
		secrets,
		headerName: typeof data?.headerName === 'string' ? data.headerName : undefined,
		toleranceSeconds: typeof data?.toleranceSeconds === 'number' ? data.toleranceSeconds : undefined,
	};
}

async function syncBridgeWebhookSecretTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const { scheme, secrets, headerName } = readCredential(credential.data);
	const problems = secretConfigurationProblems(String(scheme), secrets, headerName);
	if (problems.length > 0) return { status: 'Error', message: problems.join(' ') };
	const count = secrets.length === 1 ? '1 secret' : `${secrets.length} secrets`;
	return { status: 'OK', message: `${count} accepted for the ${String(scheme)} scheme` };
}

// The sender's dashboard holds this endpoint's URL and secret, as for n8n's own Webhook node: there
// is nothing to register remotely, so there is no webhook lifecycle (see SyncBridge Stripe Trigger for one).
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class SyncBridgeWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Webhook Trigger',
		name: 'syncBridgeWebhookTrigger',
		icon: { light: 'file:webhook-trigger.svg', dark: 'file:webhook-trigger.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly as 1. n8n 2.41 treats any version-1 webhook node as its legacy Webhook
		// v1 and evaluates an expression (in a fresh expression isolate) for every delivery; 2 avoids that.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{"POST /" + ($parameter["path"] || "")}}',
		description:
			'Starts the workflow on a signed webhook (Stripe, Standard Webhooks, GitHub-style HMAC or a static key); unsigned, stale and replayed deliveries are refused',
		defaults: {
			name: 'SyncBridge Webhook Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'syncBridgeWebhookSecretApi',
				required: true,
				testedBy: 'syncBridgeWebhookSecretTest',
			},
			deliveryLedgerCredential,
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				isFullPath: true,
				...webhookDescriptionFields({ path: fromParameter('path'), ...respondResolvers }),
			},
		],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '',
				placeholder: 'stripe-events',
				description:
					"The URL path after /webhook/ that the sender posts to. Left empty, the node's webhook ID is used.",
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
					"Overrides the credential's tolerance: how far a signed timestamp may be from now, in the past or the future",
					[
						{
							displayName: 'Event ID Header',
							name: 'eventIdHeader',
							type: 'string',
							default: '',
							placeholder: 'X-Event-ID',
							description:
								'GitHub-style and static key schemes: the header carrying the event ID used to drop replays (GitHub-style default: X-GitHub-Delivery)',
						},
						{
							displayName: 'Event ID JSON Path',
							name: 'eventIdPath',
							type: 'string',
							default: '',
							placeholder: 'data.id',
							description:
								'Static key scheme: dotted path of the event ID in a JSON body, used when no event ID header is set',
						},
					],
				),
			},
		],
	};

	methods = {
		credentialTest: { syncBridgeWebhookSecretTest, syncBridgePostgresConnectionTest },
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const verificationFrom = (credential: WebhookCredential): DeliveryVerification => ({
			scheme: credential.scheme,
			secrets: credential.secrets,
			toleranceSeconds:
				positiveOption(options.toleranceSeconds) ??
				positiveOption(credential.toleranceSeconds) ??
				DEFAULT_TOLERANCE_SECONDS,
			headerName: credential.headerName,
			eventIdHeader: options.eventIdHeader,
			eventIdPath: options.eventIdPath,
		});
		let verification: DeliveryVerification;
		try {
			const recent = await recentCredentials(this, CREDENTIAL_TYPE);
			verification = verificationFrom(readCredential(recent.data));
			// A secret added since the credential was cached: read it again before refusing the delivery.
			if (recent.cached && !(await deliveryVerifies(this, verification))) {
				verification = verificationFrom(
					readCredential((await recentCredentials(this, CREDENTIAL_TYPE, { fresh: true })).data),
				);
			}
		} catch (error) {
			// No usable credential means no secret: refuse, never accept.
			this.logger.warn(`SyncBridge Webhook Trigger "${this.getNode().name}" has no usable credential`, {
				error: error instanceof Error ? error.message : String(error),
			});
			return refuseDelivery(
				this,
				401,
				'missing_secret',
				'No webhook secret is configured, so no delivery is accepted.',
			);
		}
		// Nothing is registered with the sender: the endpoint URL and secret are entered in its dashboard.
		return answerSignedDelivery(this, verification);
	}
}
