import {
	fromParameter,
	NodeConnectionTypes,
	webhookDescriptionFields,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { takeDelivery } from '../../runtime/webhooks/delivery-intake';
import { outputBody, outputHeaders } from '../../runtime/webhooks/delivery-output';
import { ObjectReplayStore } from '../../runtime/webhooks/object-replay-store';
import { processReplayRecord } from '../../runtime/webhooks/process-replay-records';
import { secretConfigurationProblems } from '../../runtime/webhooks/secret-configuration';
import { DEFAULT_TOLERANCE_SECONDS } from '../../runtime/webhooks/timestamp-tolerance';
import type { RequestHeaders } from '../../runtime/webhooks/request-headers';
import { parseSecrets } from '../../runtime/webhooks/webhook-secrets';

const CREDENTIAL_TYPE = 'syncBridgeWebhookSecretApi';
const DEFAULT_REPLAY_WINDOW_SECONDS = 3 * 24 * 60 * 60;
const DEFAULT_REMEMBERED_EVENTS = 1000;
// Key of the replay record inside this node's workflow static data.
const REPLAY_STATIC_KEY = 'replayedEventIds';

/** The parts of n8n's (express) request this node reads. */
interface IncomingWebhookRequest {
	headers: RequestHeaders;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** The parts of n8n's (express) response this node writes. */
interface OutgoingWebhookResponse {
	status(code: number): OutgoingWebhookResponse;
	json(body: unknown): unknown;
}

interface TriggerOptions {
	toleranceSeconds?: number;
	eventIdHeader?: string;
	eventIdPath?: string;
	replayWindowSeconds?: number;
	maxRememberedEvents?: number;
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

function positive(value: number | undefined): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
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

export class SyncBridgeWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Webhook Trigger',
		name: 'syncBridgeWebhookTrigger',
		icon: 'file:syncbridge.svg',
		group: ['trigger'],
		version: 1,
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
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty, not absent: n8n otherwise answers with its default ('firstEntryJson') instead
				// of the webhookResponse this node returns.
				responseData: '',
				isFullPath: true,
				...webhookDescriptionFields({ path: fromParameter('path') }),
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
					'The URL path after /webhook/ that the sender posts to. Left empty, the node\'s webhook ID is used.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
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
					{
						displayName: 'Max Remembered Events',
						name: 'maxRememberedEvents',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_REMEMBERED_EVENTS,
						description: 'At most this many event IDs are kept for replay detection; the oldest are forgotten first',
					},
					{
						displayName: 'Replay Window (Seconds)',
						name: 'replayWindowSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_REPLAY_WINDOW_SECONDS,
						description: 'How long an accepted event ID is remembered; a delivery repeating it within this time is not processed again',
					},
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TOLERANCE_SECONDS,
						description:
							'Overrides the credential\'s tolerance: how far a signed timestamp may be from now, in the past or the future',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: { syncBridgeWebhookSecretTest },
	};

	// Nothing is registered with the sender: the endpoint URL and secret are entered in the
	// sender's dashboard, so the lifecycle only has to exist.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as IncomingWebhookRequest;
		const response = this.getResponseObject() as OutgoingWebhookResponse;
		const options = this.getNodeParameter('options', {}) as TriggerOptions;

		const reject = (status: number, code: string, message: string): IWebhookResponseData => {
			response.status(status).json({ received: false, error: { code, message } });
			return { noWebhookResponse: true };
		};

		let credential: WebhookCredential;
		try {
			credential = readCredential(await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE));
		} catch (error) {
			// No usable credential means no secret: refuse, never accept.
			this.logger.warn(`SyncBridge Webhook Trigger "${this.getNode().name}" has no usable credential`, {
				error: error instanceof Error ? error.message : String(error),
			});
			return reject(401, 'missing_secret', 'No webhook secret is configured, so no delivery is accepted.');
		}

		if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
		const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);

		// Replay ids live in one record per endpoint in this process (atomic across concurrent
		// deliveries), seeded from and mirrored to the node's workflow static data, which n8n persists.
		const nodeStaticData = this.getWorkflowStaticData('node');
		const scope = `${this.getWorkflow().id ?? ''}\u0000${this.getNode().name}\u0000${this.getMode()}`;
		const record = processReplayRecord(scope, nodeStaticData[REPLAY_STATIC_KEY]);
		const replayStore = new ObjectReplayStore(record, {
			maxEntries: positive(options.maxRememberedEvents) ?? DEFAULT_REMEMBERED_EVENTS,
		});

		const decision = await takeDelivery({
			scheme: credential.scheme,
			delivery: { headers: request.headers, rawBody },
			secrets: credential.secrets,
			toleranceSeconds:
				positive(options.toleranceSeconds) ?? positive(credential.toleranceSeconds) ?? DEFAULT_TOLERANCE_SECONDS,
			headerName: credential.headerName,
			eventIdHeader: options.eventIdHeader,
			eventIdPath: options.eventIdPath,
			replayStore,
			replayTtlSeconds: positive(options.replayWindowSeconds) ?? DEFAULT_REPLAY_WINDOW_SECONDS,
		});

		if (decision.outcome === 'rejected') {
			const { code, message } = decision.reason;
			if (code === 'missing_secret' || code === 'invalid_secret') {
				this.logger.warn(`SyncBridge Webhook Trigger "${this.getNode().name}" refused a delivery: ${message}`);
			} else {
				this.logger.debug(`SyncBridge Webhook Trigger "${this.getNode().name}" refused a delivery: ${message}`);
			}
			return reject(decision.status, code, message);
		}

		// A fresh copy on every call marks the static data as changed, so n8n writes it back.
		nodeStaticData[REPLAY_STATIC_KEY] = { ...record };

		if (decision.outcome === 'duplicate') {
			return { webhookResponse: { received: true, duplicate: true, eventId: decision.eventId } };
		}

		const json: IDataObject = {
			eventId: decision.eventId ?? null,
			scheme: String(credential.scheme),
			timestamp: decision.timestamp ?? null,
			headers: outputHeaders(request.headers, credential.headerName),
			body: outputBody(rawBody) as IDataObject,
		};
		return {
			webhookResponse: { received: true, duplicate: false, eventId: decision.eventId ?? null },
			workflowData: [[{ json }]],
		};
	}
}
