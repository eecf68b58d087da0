import {
	fromFunction,
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

import { syncBridgePostgresConnectionTest } from '../SyncBridgeContractCheck/store-parameters';
import { metadataKey } from '../../runtime/contracts/item-metadata';
import { poolConfigFromCredential, type PostgresCredentialData } from '../../runtime/contracts/store-config';
import { takeDelivery, type IntakeRequest } from '../../runtime/webhooks/delivery-intake';
import { DEFAULT_DELIVERY_LEASE_SECONDS } from '../../runtime/webhooks/delivery-ledger';
import { openPostgresDeliveryLedger } from '../../runtime/webhooks/postgres-delivery-ledger';
import { outputBody, outputHeaders } from '../../runtime/webhooks/delivery-output';
import { openSqliteReplayDatabase } from '../../runtime/webhooks/sqlite-replay-store';
import { defaultSqlitePath } from '../../runtime/contracts/store-location';
import { secretConfigurationProblems } from '../../runtime/webhooks/secret-configuration';
import { DEFAULT_TOLERANCE_SECONDS } from '../../runtime/webhooks/timestamp-tolerance';
import type { RequestHeaders } from '../../runtime/webhooks/request-headers';
import { parseSecrets } from '../../runtime/webhooks/webhook-secrets';

const CREDENTIAL_TYPE = 'syncBridgeWebhookSecretApi';
const DEFAULT_REPLAY_WINDOW_SECONDS = 3 * 24 * 60 * 60;
// Key of the replay record inside this node's workflow static data.

/** The parts of n8n's (express) request this node reads. */
interface IncomingWebhookRequest {
	headers: RequestHeaders;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** The parts of n8n's (express) response this node writes. */
interface OutgoingWebhookResponse {
	status(code: number): OutgoingWebhookResponse;
	setHeader(name: string, value: string): unknown;
	json(body: unknown): unknown;
}

interface TriggerOptions {
	toleranceSeconds?: number;
	eventIdHeader?: string;
	eventIdPath?: string;
	replayWindowSeconds?: number;
	leaseSeconds?: number;
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
			{
				name: 'syncBridgePostgres',
				required: true,
				testedBy: 'syncBridgePostgresConnectionTest',
				displayOptions: { show: { replayStore: ['postgres'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				isFullPath: true,
				// Resolvers instead of expressions: n8n reads these without its expression engine, so with
				// N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE a delivery never waits for an expression isolate.
				...webhookDescriptionFields({
					path: fromParameter('path'),
					// After Sync is n8n's lastNode mode: the answer waits for the run, so a run that dies (a
					// killed queue worker) answers 5xx or times out and the sender retries the delivery.
					responseMode: fromFunction((parameters: IDataObject) => (parameters.respond === 'afterSync' ? 'lastNode' : 'onReceived')),
					// On receipt: empty, not absent, or n8n answers with its default ('firstEntryJson') instead
					// of the webhookResponse this node returns. After sync: an empty 200 once the run finished.
					responseData: fromFunction((parameters: IDataObject) => (parameters.respond === 'afterSync' ? 'noData' : '')),
				}),
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
				displayName: 'Respond',
				name: 'respond',
				type: 'options',
				default: 'onReceived',
				options: [
					{
						name: 'On Receipt',
						value: 'onReceived',
						description: 'Answer 200 as soon as the delivery is verified; a run that dies later is not retried by the sender',
					},
					{
						name: 'After Sync',
						value: 'afterSync',
						description:
							'Answer when the workflow finished (5xx or no answer when it failed or its worker died), so the sender retries; use with the Postgres delivery ledger in queue mode',
					},
				],
			},
			{
				displayName: 'Replay Store',
				name: 'replayStore',
				type: 'options',
				default: 'embedded',
				options: [
					{
						name: 'Embedded SQLite',
						value: 'embedded',
						description: 'Accepted event IDs in SyncBridge\'s SQLite file in the n8n folder; for a single n8n process',
					},
					{
						name: 'Postgres Delivery Ledger',
						value: 'postgres',
						description:
							'Claimed and completed deliveries shared by every n8n process (queue mode); a delivery whose run died is processed again when retried',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Delivery Lease (Seconds)',
						name: 'leaseSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_DELIVERY_LEASE_SECONDS,
						description:
							'Postgres delivery ledger: how long a claimed delivery blocks a retry of the same event (answered 409 with Retry-After) before its run is presumed dead',
					},
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
		credentialTest: { syncBridgeWebhookSecretTest, syncBridgePostgresConnectionTest },
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

		const mode = this.getMode();
		const workflowId = this.getWorkflow().id ?? '';
		// Production and test URLs are separate endpoints: a test delivery never marks a production id seen.
		const endpoint = JSON.stringify([workflowId, this.getNode().name, mode]);
		const replayWindow = positive(options.replayWindowSeconds) ?? DEFAULT_REPLAY_WINDOW_SECONDS;
		const verification = {
			scheme: credential.scheme,
			delivery: { headers: request.headers, rawBody },
			secrets: credential.secrets,
			toleranceSeconds:
				positive(options.toleranceSeconds) ?? positive(credential.toleranceSeconds) ?? DEFAULT_TOLERANCE_SECONDS,
			headerName: credential.headerName,
			eventIdHeader: options.eventIdHeader,
			eventIdPath: options.eventIdPath,
		};

		let intake: IntakeRequest;
		if ((this.getNodeParameter('replayStore', 'embedded') as string) === 'postgres') {
			let ledgerCredential: PostgresCredentialData;
			try {
				ledgerCredential = (await this.getCredentials('syncBridgePostgres')) as PostgresCredentialData;
			} catch {
				return reject(500, 'ledger_unavailable', 'The Postgres delivery ledger has no credential.');
			}
			const ledger = openPostgresDeliveryLedger({
				pool: poolConfigFromCredential(ledgerCredential),
				schema: ledgerCredential.schema === undefined || ledgerCredential.schema === '' ? 'public' : String(ledgerCredential.schema),
			});
			intake = {
				...verification,
				ledger: { ledger, endpoint, terms: { leaseSeconds: positive(options.leaseSeconds) ?? DEFAULT_DELIVERY_LEASE_SECONDS, retentionSeconds: replayWindow } },
			};
		} else {
			// Not the workflow's static data: n8n writes all of it back to its database after every run.
			const replayStore = openSqliteReplayDatabase(defaultSqlitePath()).forEndpoint(endpoint);
			intake = { ...verification, replayStore, replayTtlSeconds: replayWindow };
		}

		let decision: Awaited<ReturnType<typeof takeDelivery>>;
		try {
			decision = await takeDelivery(intake);
		} catch (error) {
			// The ledger could not be reached: a retryable answer, never a silent accept.
			const message = error instanceof Error ? error.message : String(error);
			this.logger.warn(`SyncBridge Webhook Trigger "${this.getNode().name}" could not record a delivery: ${message}`);
			return reject(503, 'ledger_unavailable', 'The delivery could not be recorded; retry later.');
		}

		if (decision.outcome === 'rejected') {
			const { code, message } = decision.reason;
			if (code === 'missing_secret' || code === 'invalid_secret') {
				this.logger.warn(`SyncBridge Webhook Trigger "${this.getNode().name}" refused a delivery: ${message}`);
			} else {
				this.logger.debug(`SyncBridge Webhook Trigger "${this.getNode().name}" refused a delivery: ${message}`);
			}
			return reject(decision.status, code, message);
		}

		if (decision.outcome === 'in-flight') {
			response.setHeader('Retry-After', String(decision.retryAfterSeconds));
			response.status(409).json({ received: false, inFlight: true, eventId: decision.eventId, retryAfterSeconds: decision.retryAfterSeconds });
			return { noWebhookResponse: true };
		}

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
		// Contract Check carries this through; Upsert marks the delivery completed once written.
		if (decision.claim !== undefined) json[metadataKey] = { delivery: { key: decision.claim.key }, deliveryAttempt: decision.claim.attempt };
		return {
			webhookResponse: { received: true, duplicate: false, eventId: decision.eventId ?? null },
			workflowData: [[{ json }]],
		};
	}
}
