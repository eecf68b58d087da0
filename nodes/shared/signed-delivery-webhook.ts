import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { metadataKey } from '../../runtime/contracts/item-metadata';
import { poolConfigFromCredential, type PostgresCredentialData } from '../../runtime/contracts/store-config';
import { takeDelivery, type IntakeRequest } from '../../runtime/webhooks/delivery-intake';
import { DEFAULT_DELIVERY_LEASE_SECONDS } from '../../runtime/webhooks/delivery-ledger';
import { outputBody, outputHeaders } from '../../runtime/webhooks/delivery-output';
import { defaultSqlitePath } from '../../runtime/contracts/store-location';
import { openPostgresDeliveryLedger } from '../../runtime/webhooks/postgres-delivery-ledger';
import type { RequestHeaders } from '../../runtime/webhooks/request-headers';
import { openSqliteReplayDatabase } from '../../runtime/webhooks/sqlite-replay-store';
import { verifyDelivery } from '../../runtime/webhooks/webhook-scheme';
import { recentCredentials } from './recent-credentials';
import {
	DEFAULT_REPLAY_WINDOW_SECONDS,
	intakeLimitsFrom,
	positiveOption,
	type SignedDeliveryOptions,
} from './signed-delivery-parameters';

/** The parts of n8n's (express) request a signed-webhook trigger reads. */
interface IncomingWebhookRequest {
	headers: RequestHeaders;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

/** The parts of n8n's (express) response a signed-webhook trigger writes. */
interface OutgoingWebhookResponse {
	status(code: number): OutgoingWebhookResponse;
	setHeader(name: string, value: string): unknown;
	json(body: unknown): unknown;
}

/** How this endpoint verifies deliveries: the scheme and what it needs. */
export interface DeliveryVerification {
	scheme: unknown;
	/** Every accepted secret; none refuses every delivery. */
	secrets: string[];
	toleranceSeconds: number;
	headerName?: string;
	eventIdHeader?: string;
	eventIdPath?: string;
}

/** Answers a delivery with a JSON refusal the node writes itself (n8n must not add its own answer). */
export function refuseDelivery(
	context: IWebhookFunctions,
	status: number,
	code: string,
	message: string,
): IWebhookResponseData {
	(context.getResponseObject() as unknown as OutgoingWebhookResponse)
		.status(status)
		.json({ received: false, error: { code, message } });
	return { noWebhookResponse: true };
}

/** The delivery's raw body, read once (n8n parses some content types without keeping it). */
async function rawBodyOf(request: IncomingWebhookRequest): Promise<Buffer> {
	if (!request.rawBody && typeof request.readRawBody === 'function') await request.readRawBody();
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
}

/** Whether the delivery's signature holds under these settings; records nothing. */
export async function deliveryVerifies(
	context: IWebhookFunctions,
	verification: DeliveryVerification,
): Promise<boolean> {
	const request = context.getRequestObject() as unknown as IncomingWebhookRequest;
	return verifyDelivery(
		verification.scheme,
		{ headers: request.headers, rawBody: await rawBodyOf(request) },
		verification,
	).ok;
}

/**
 * The webhook method of every signed-webhook trigger: bounds and verifies the raw body, drops replays (the
 * node's Replay Store: the embedded SQLite file, or the Postgres delivery ledger), answers the sender
 * and hands one item to the workflow for an accepted delivery.
 */
export async function answerSignedDelivery(
	context: IWebhookFunctions,
	verification: DeliveryVerification,
): Promise<IWebhookResponseData> {
	const request = context.getRequestObject() as unknown as IncomingWebhookRequest;
	const response = context.getResponseObject() as unknown as OutgoingWebhookResponse;
	const options = context.getNodeParameter('options', {}) as SignedDeliveryOptions;
	const nodeName = context.getNode().name;

	const rawBody = await rawBodyOf(request);

	const mode = context.getMode();
	const workflowId = context.getWorkflow().id ?? '';
	// Production and test URLs are separate endpoints: a test delivery never marks a production id seen.
	const endpoint = JSON.stringify([workflowId, nodeName, mode]);
	const replayWindow = positiveOption(options.replayWindowSeconds) ?? DEFAULT_REPLAY_WINDOW_SECONDS;
	const checks = {
		...verification,
		delivery: { headers: request.headers, rawBody },
		limits: intakeLimitsFrom(options),
	};

	let intake: IntakeRequest;
	if ((context.getNodeParameter('replayStore', 'embedded') as string) === 'postgres') {
		let ledgerCredential: PostgresCredentialData;
		try {
			ledgerCredential = (await recentCredentials(context, 'syncBridgePostgres')).data as PostgresCredentialData;
		} catch {
			return refuseDelivery(context, 500, 'ledger_unavailable', 'The Postgres delivery ledger has no credential.');
		}
		const ledger = openPostgresDeliveryLedger({
			pool: poolConfigFromCredential(ledgerCredential),
			schema:
				ledgerCredential.schema === undefined || ledgerCredential.schema === ''
					? 'public'
					: String(ledgerCredential.schema),
		});
		intake = {
			...checks,
			ledger: {
				ledger,
				endpoint,
				terms: {
					leaseSeconds: positiveOption(options.leaseSeconds) ?? DEFAULT_DELIVERY_LEASE_SECONDS,
					retentionSeconds: replayWindow,
				},
			},
		};
	} else {
		// Not the workflow's static data: n8n writes all of it back to its database after every run.
		const replayStore = openSqliteReplayDatabase(defaultSqlitePath()).forEndpoint(endpoint);
		intake = { ...checks, replayStore, replayTtlSeconds: replayWindow };
	}

	let decision: Awaited<ReturnType<typeof takeDelivery>>;
	try {
		decision = await takeDelivery(intake);
	} catch (error) {
		// The ledger could not be reached: a retryable answer, never a silent accept.
		const message = error instanceof Error ? error.message : String(error);
		context.logger.warn(`SyncBridge trigger "${nodeName}" could not record a delivery: ${message}`);
		return refuseDelivery(context, 503, 'ledger_unavailable', 'The delivery could not be recorded; retry later.');
	}

	if (decision.outcome === 'rejected') {
		const { code, message } = decision.reason;
		if (code === 'missing_secret' || code === 'invalid_secret')
			context.logger.warn(`SyncBridge trigger "${nodeName}" refused a delivery: ${message}`);
		else context.logger.debug(`SyncBridge trigger "${nodeName}" refused a delivery: ${message}`);
		return refuseDelivery(context, decision.status, code, message);
	}

	if (decision.outcome === 'in-flight') {
		response.setHeader('Retry-After', String(decision.retryAfterSeconds));
		response.status(409).json({
			received: false,
			inFlight: true,
			eventId: decision.eventId,
			retryAfterSeconds: decision.retryAfterSeconds,
		});
		return { noWebhookResponse: true };
	}

	if (decision.outcome === 'duplicate') {
		return { webhookResponse: { received: true, duplicate: true, eventId: decision.eventId } };
	}

	const json: IDataObject = {
		eventId: decision.eventId ?? null,
		scheme: String(verification.scheme),
		timestamp: decision.timestamp ?? null,
		headers: outputHeaders(request.headers, verification.headerName),
		body: outputBody(rawBody) as IDataObject,
	};
	// Contract Check carries this through; Upsert marks the delivery completed once written.
	if (decision.claim !== undefined)
		json[metadataKey] = { delivery: { key: decision.claim.key }, deliveryAttempt: decision.claim.attempt };
	return {
		webhookResponse: { received: true, duplicate: false, eventId: decision.eventId ?? null },
		workflowData: [[{ json }]],
	};
}
