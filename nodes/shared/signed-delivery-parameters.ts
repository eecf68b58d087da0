import {
	fromFunction,
	type IDataObject,
	type INodeCredentialDescription,
	type INodeProperties,
	type WebhookDescriptionField,
} from 'n8n-workflow';

import { DEFAULT_DELIVERY_LEASE_SECONDS } from '../../runtime/webhooks/delivery-ledger';
import { DEFAULT_INTAKE_LIMITS, type IntakeLimits } from '../../runtime/webhooks/intake-limits';
import { DEFAULT_TOLERANCE_SECONDS } from '../../runtime/webhooks/timestamp-tolerance';

export const DEFAULT_REPLAY_WINDOW_SECONDS = 3 * 24 * 60 * 60;

/** The options every signed-webhook trigger reads (node parameter `options`). */
export interface SignedDeliveryOptions {
	toleranceSeconds?: number;
	replayWindowSeconds?: number;
	leaseSeconds?: number;
	maxBodyBytes?: number;
	maxJsonDepth?: number;
}

/** The shared delivery ledger (queue mode) needs its Postgres credential only when chosen. */
export const deliveryLedgerCredential: INodeCredentialDescription = {
	name: 'syncBridgePostgres',
	required: true,
	testedBy: 'syncBridgePostgresConnectionTest',
	displayOptions: { show: { replayStore: ['postgres'] } },
};

/**
 * The webhook's answer mode, as resolvers for `webhookDescriptionFields` (n8n reads them without its
 * expression engine, so with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE a delivery never waits for an
 * expression isolate). After Sync is n8n's lastNode mode: the answer waits for the run, so a run that
 * dies (a killed queue worker) answers 5xx or times out and the sender retries the delivery. On
 * receipt the response data is empty, not absent, or n8n answers with its default ('firstEntryJson')
 * instead of the webhookResponse the node returns; after sync, an empty 200 once the run finished.
 * The functions must be self-contained: n8n inlines their source into the editor's templates.
 */
export const respondResolvers: { responseMode: WebhookDescriptionField; responseData: WebhookDescriptionField } = {
	responseMode: fromFunction((parameters: IDataObject) =>
		parameters.respond === 'afterSync' ? 'lastNode' : 'onReceived',
	),
	responseData: fromFunction((parameters: IDataObject) => (parameters.respond === 'afterSync' ? 'noData' : '')),
};

export const respondProperty: INodeProperties = {
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
};

export const replayStoreProperty: INodeProperties = {
	displayName: 'Replay Store',
	name: 'replayStore',
	type: 'options',
	default: 'embedded',
	options: [
		{
			name: 'Embedded SQLite',
			value: 'embedded',
			description: "Accepted event IDs in SyncBridge's SQLite file in the n8n folder; for a single n8n process",
		},
		{
			name: 'Postgres Delivery Ledger',
			value: 'postgres',
			description:
				'Claimed and completed deliveries shared by every n8n process (queue mode); a delivery whose run died is processed again when retried',
		},
	],
};

/** The `options` collection's entries: replays, leases and the timestamp tolerance, plus the node's own, by name. */
export function deliveryOptions(toleranceDescription: string, own: INodeProperties[] = []): INodeProperties[] {
	const shared: INodeProperties[] = [
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
			displayName: 'Max Body Size (Bytes)',
			name: 'maxBodyBytes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_INTAKE_LIMITS.maxBodyBytes,
			description: 'Larger deliveries are answered 413 before their signature is checked and are never recorded or run',
		},
		{
			displayName: 'Max JSON Depth',
			name: 'maxJsonDepth',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_INTAKE_LIMITS.maxJsonDepth,
			description:
				'JSON bodies nesting arrays and objects deeper than this are answered 400 and are never recorded or run',
		},
		{
			displayName: 'Replay Window (Seconds)',
			name: 'replayWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_REPLAY_WINDOW_SECONDS,
			description:
				'How long an accepted event ID is remembered; a delivery repeating it within this time is not processed again',
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TOLERANCE_SECONDS,
			description: toleranceDescription,
		},
	];
	return [...shared, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The body limits set in the options, defaults for the rest. */
export function intakeLimitsFrom(options: SignedDeliveryOptions): IntakeLimits {
	return {
		maxBodyBytes: positiveOption(options.maxBodyBytes) ?? DEFAULT_INTAKE_LIMITS.maxBodyBytes,
		maxJsonDepth: positiveOption(options.maxJsonDepth) ?? DEFAULT_INTAKE_LIMITS.maxJsonDepth,
	};
}

/** A usable positive number from an option, else undefined (the default applies). */
export function positiveOption(value: number | undefined): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
