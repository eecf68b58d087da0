import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INodeCredentialDescription,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { ConflictPolicy, FieldPolicy } from '../../runtime/contracts/conflict-policy';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { writeItem, type WriteContext, type WriteOutcome } from '../../runtime/contracts/contract-writer';
import { metadataKey, readMetadata, withoutMetadata, type ItemMetadata } from '../../runtime/contracts/item-metadata';
import { endpointRequests, type TargetEndpoint, type WriteMethod } from '../../runtime/contracts/target-endpoint';
import type { TargetRequests } from '../../runtime/contracts/target-requests';
import { apiKeyCredential, builtInConnectors, connectorBreakerTarget, connectorTargetRequests, type ConnectorDescriptor } from '../../runtime/connectors';
import type { Transport } from '../../runtime/http/transport';
import { jsonObject } from '../shared/connector-router';
import { connectorTransport, credentialIdentity } from '../shared/connector-transport';
import { countOutcomes } from '../../runtime/contracts/write-batch';
import { breakerFor, breakerTarget, type BreakerTarget } from '../../runtime/http/breaker-registry';
import { createFullResponseTransport, type FullResponseRequestOptions } from '../../runtime/http/full-response-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';
import { InvalidOriginVersionError, originVersionOf } from '../../runtime/contracts/origin-version';
import { UnresolvedLinkError, unresolvedLinks } from '../../runtime/contracts/linked-objects';
import {
	completeDeliveries,
	openNodeStore,
	storeProperties,
	syncBridgePostgresConnectionTest,
} from '../SyncBridgeContractCheck/store-parameters';

interface Failure {
	code: string;
	message: string;
	httpStatus?: number;
	deadLetterId?: number;
}

export class SyncBridgeUpsert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Upsert',
		name: 'syncBridgeUpsert',
		icon: { light: 'file:upsert.svg', dark: 'file:upsert.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{($parameter["testRun"] ? "test run: " : "") + ($parameter["target"] === "connector" ? $parameter["connector"] + " " + $parameter["resource"] : $parameter["baseUrl"])}}',
		description: 'Create, update or delete items in the target and record the result in their synchronization contracts',
		defaults: { name: 'SyncBridge Upsert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [
			{
				name: 'syncBridgePostgres',
				required: true,
				testedBy: 'syncBridgePostgresConnectionTest',
				displayOptions: { show: { store: ['postgres'] } },
			},
			{
				name: apiKeyCredential.name,
				required: true,
				displayOptions: { show: { target: ['endpoint'], authentication: ['syncBridgeApiKeyApi'] } },
			},
			...connectorCredentials(),
		],
		properties: [
			{
				displayName: 'Target',
				name: 'target',
				type: 'options',
				default: 'endpoint',
				options: [
					{ name: 'HTTP Endpoint', value: 'endpoint', description: 'Any JSON API: paths, methods and ID position set here' },
					{ name: 'Connector', value: 'connector', description: 'A built-in system (Stripe, Salesforce, Dynamics 365, …): paths, body encoding and IDs from its connector' },
				],
			},
			{
				displayName: 'Connector',
				name: 'connector',
				type: 'options',
				default: Object.keys(builtInConnectors)[0],
				options: Object.values(builtInConnectors).map((descriptor) => ({ name: descriptor.displayName, value: descriptor.id })),
				displayOptions: { show: { target: ['connector'] } },
			},
			{
				displayName: 'Resource Name or ID',
				name: 'resource',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getConnectorResources', loadOptionsDependsOn: ['connector'] },
				default: '',
				required: true,
				description: 'The kind of record written. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { target: ['connector'] } },
			},
			{
				displayName: 'Upsert By',
				name: 'upsertBy',
				type: 'string',
				default: '',
				placeholder: 'ExternalId__c',
				description:
					'Item field whose value identifies the record in the system (an external ID): writes go through the resource\'s upsert operation and the value becomes the target ID. Empty: create, then update by the ID the system assigned.',
				displayOptions: { show: { target: ['connector'] } },
			},
			{
				displayName: 'Path Parameters',
				name: 'pathParameters',
				type: 'json',
				default: '{}',
				description: 'Values for path placeholders other than {ID}, e.g. {"calendarId": "primary"}',
				displayOptions: { show: { target: ['connector'] } },
			},
			{
				displayName: 'Target Base URL',
				name: 'baseUrl',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'https://api.example.com/v1',
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				default: 'none',
				options: [
					{ name: 'None', value: 'none' },
					{ name: 'SyncBridge API Key', value: 'syncBridgeApiKeyApi', description: 'An API key sent in a request header' },
				],
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Create Path',
				name: 'createPath',
				type: 'string',
				default: '/records',
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Create Method',
				name: 'createMethod',
				type: 'options',
				default: 'POST',
				options: [
					{ name: 'POST', value: 'POST' },
					{ name: 'PUT', value: 'PUT' },
				],
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Update Path',
				name: 'updatePath',
				type: 'string',
				default: '/records/{id}',
				description: '{id} is replaced by the target ID from the contract',
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Update Method',
				name: 'updateMethod',
				type: 'options',
				default: 'PUT',
				options: [
					{ name: 'PUT', value: 'PUT' },
					{ name: 'PATCH', value: 'PATCH' },
					{ name: 'POST', value: 'POST' },
				],
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Delete Path',
				name: 'deletePath',
				type: 'string',
				default: '/records/{id}',
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Delete Method',
				name: 'deleteMethod',
				type: 'options',
				default: 'DELETE',
				options: [
					{ name: 'DELETE', value: 'DELETE' },
					{ name: 'POST', value: 'POST' },
				],
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'ID Position in Response',
				name: 'idPosition',
				type: 'string',
				default: 'id',
				description: 'Dot path of the new object ID in the create response, e.g. "data.id"',
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'ID in Request Body',
				name: 'idInRequestBody',
				type: 'string',
				default: '',
				description: 'For targets that do not assign IDs: the body key holding the ID set by the mapping; the contract records it as the target ID. An item without it is refused before any request.',
				displayOptions: { show: { target: ['endpoint'] } },
			},
			{
				displayName: 'Conflict Policy',
				name: 'conflictPolicy',
				type: 'options',
				default: 'none',
				description: 'What to do when an update finds the target changed since SyncBridge last wrote it',
				options: [
					{ name: 'No Check (Origin Overwrites)', value: 'none' },
					{ name: 'Origin Wins', value: 'origin' },
					{ name: 'Target Wins', value: 'target' },
					{ name: 'Last Writer Wins', value: 'lastWriterWins' },
					{ name: 'Park for Manual Review', value: 'park' },
				],
			},
			{
				displayName: 'Read Path',
				name: 'getPath',
				type: 'string',
				default: '/records/{id}',
				description: 'Where the current target object is read from before an update',
				displayOptions: { show: { target: ['endpoint'] }, hide: { conflictPolicy: ['none'] } },
			},
			{
				displayName: 'Field Policies',
				name: 'fieldPolicies',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				description: 'Per-field exceptions to the conflict policy',
				displayOptions: { hide: { conflictPolicy: ['none'] } },
				options: [
					{
						displayName: 'Field',
						name: 'field',
						values: [
							{ displayName: 'Field Name', name: 'name', type: 'string', default: '' },
							{
								displayName: 'Policy',
								name: 'policy',
								type: 'options',
								default: 'origin',
								options: [
									{ name: 'Origin Wins', value: 'origin' },
									{ name: 'Target Wins', value: 'target' },
									{ name: 'Last Writer Wins', value: 'lastWriterWins' },
									{ name: 'Park for Manual Review', value: 'park' },
								],
							},
						],
					},
				],
			},
			{
				displayName: 'Volatile Fields',
				name: 'volatileFields',
				type: 'string',
				default: '',
				description: 'Comma-separated dot paths left out of hashes; use the same list as in Contract Check',
			},
			{
				displayName: 'Test Run',
				name: 'testRun',
				type: 'boolean',
				default: false,
				description: 'Whether to only report what would be written, without calling the target or changing contracts',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 4,
						description: 'Writes in flight at once',
					},
					{
						displayName: 'Idempotency Keys',
						name: 'idempotency',
						type: 'boolean',
						default: true,
						description: 'Whether to send an Idempotency-Key header, so retries and reruns never duplicate on targets that support it',
					},
					{
						displayName: 'Max Attempts',
						name: 'maxAttempts',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 5,
						description: 'Attempts per request for network errors, 408, 429 and 5xx',
					},
					{
						displayName: 'Origin Version Field',
						name: 'originVersionField',
						type: 'string',
						default: '',
						placeholder: 'updatedAt',
						description:
							'Dot path of a version number or ISO timestamp in each item; overrides the one set in Contract Check. An item older than the last written version is skipped (stale), checked again under the object\'s write lock.',
					},
					{
						displayName: 'Timeout (Ms)',
						name: 'timeoutMs',
						type: 'number',
						typeOptions: { minValue: 100 },
						default: 30000,
					},
				],
			},
			...storeProperties,
		],
	};

	methods = {
		credentialTest: { syncBridgePostgresConnectionTest },
		loadOptions: {
			async getConnectorResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const descriptor = builtInConnectors[this.getCurrentNodeParameter('connector') as string];
				return Object.entries(descriptor?.resources ?? {}).map(([value, resource]) => ({ name: resource.displayName, value }));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const success: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const policyName = this.getNodeParameter('conflictPolicy', 0) as string;
		let conflictPolicy: ConflictPolicy | undefined;
		if (policyName !== 'none') {
			const fields: Record<string, FieldPolicy> = {};
			const entries = (this.getNodeParameter('fieldPolicies', 0, {}) as { field?: { name: string; policy: FieldPolicy }[] }).field ?? [];
			for (const entry of entries) if (entry.name.trim() !== '') fields[entry.name.trim()] = entry.policy;
			conflictPolicy = { default: policyName as FieldPolicy, fields };
		}
		const writeTarget =
			this.getNodeParameter('target', 0, 'endpoint') === 'connector' ? await connectorWriteTarget(this) : endpointWriteTarget(this, options, conflictPolicy !== undefined);
		const client = createResilientClient({
			transport: writeTarget.transport,
			breaker: breakerFor(writeTarget.breakerTarget),
			retry: {
				maxAttempts: Number(options.maxAttempts ?? 5),
				timeoutMs: Number(options.timeoutMs ?? 30_000),
			},
		});

		let store: ContractStore;
		try {
			store = await openNodeStore(this);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, { description: 'The contract store could not be opened' });
		}
		const testRun = this.getNodeParameter('testRun', 0) as boolean;
		const volatileFields = splitList(this.getNodeParameter('volatileFields', 0) as string);

		const fail = (itemIndex: number, meta: ItemMetadata | undefined, failure: Failure) => {
			failed.push({
				json: { ...items[itemIndex].json, [metadataKey]: { ...meta, action: 'failed', error: { ...failure } } },
				pairedItem: { item: itemIndex },
			});
		};

		const originVersionField = String(options.originVersionField ?? '').trim();
		// Delivery key -> whether every item of that webhook delivery was written (or needed no write).
		const deliveries = new Map<string, boolean>();
		const runCounts = new Map<string, { synchronizationId: string; runId: string; outcomes: WriteOutcome[] }>();
		const handle = async (itemIndex: number) => {
			const json = items[itemIndex].json;
			const meta = readMetadata(json);
			if (meta === undefined) {
				fail(itemIndex, undefined, {
					code: 'NOT_CHECKED',
					message: 'Item has no SyncBridge metadata: connect this node after SyncBridge Contract Check',
				});
				return;
			}
			if (meta.deletePassRefused !== undefined) {
				const refusal = (meta.deletePassRefused as { refusal?: { code: string; message: string } }).refusal;
				fail(itemIndex, meta, {
					code: `DELETE_PASS_${refusal?.code ?? 'REFUSED'}`,
					message: `Delete pass refused: ${refusal?.message ?? 'unsafe'}`,
				});
				return;
			}
			const unresolved = meta.route === 'new' || meta.route === 'changed' ? unresolvedLinks(meta.links) : [];
			if (unresolved.length > 0) {
				// Not a dead letter: the item is fine, its linked object is not written yet; a later run sends it.
				const refusal = new UnresolvedLinkError(unresolved);
				fail(itemIndex, meta, { code: refusal.code, message: refusal.message });
				return;
			}
			const ctx: WriteContext = {
				store,
				client,
				target: writeTarget.requests,
				synchronizationId: meta.synchronizationId,
				configVersion: meta.configVersion,
				mappingVersion: meta.mappingVersion,
				writeSide: meta.inboundSide === 'target' ? 'origin' : 'target',
				testRun,
				volatileFields,
				conflictPolicy,
			};
			const body = meta.route === 'orphaned' ? {} : withoutMetadata(json);
			let originVersion = meta.originVersion;
			if (originVersionField !== '' && meta.route !== 'orphaned') {
				try {
					originVersion = originVersionOf(body, originVersionField);
				} catch (error) {
					const invalid = error instanceof InvalidOriginVersionError ? error : new InvalidOriginVersionError(originVersionField, undefined);
					fail(itemIndex, meta, { code: invalid.code, message: invalid.message });
					return;
				}
			}
			const outcome = await writeItem(ctx, {
				inboundId: meta.inboundId,
				hash: meta.hash,
				body,
				route: meta.route,
				modifiedAt: modifiedAt(json),
				originVersion,
				forced: meta.reason === 'forced',
			});
			if (meta.delivery !== undefined) {
				const state = deliveries.get(meta.delivery.key) ?? true;
				deliveries.set(meta.delivery.key, state && outcome.status !== 'failed');
			}
			const replayedLetter = meta.deadLetterId;
			if (replayedLetter !== undefined) {
				// A replay settles the original letter either way: on failure the writer has kept a fresh one.
				await store.deleteDeadLetter(replayedLetter);
			}
			const key = `${meta.synchronizationId}\u0000${meta.runId}`;
			const run = runCounts.get(key) ?? { synchronizationId: meta.synchronizationId, runId: meta.runId, outcomes: [] };
			// Items the check routed unchanged (an echo, typically) were counted by the check already.
			if (meta.route !== 'unchanged') run.outcomes.push(outcome);
			runCounts.set(key, run);
			if (outcome.status === 'skipped' && outcome.reason === 'echo') {
				this.logger.info('SyncBridge: dropped the echo of our own write', {
					synchronizationId: meta.synchronizationId,
					inboundId: meta.inboundId,
					side: meta.inboundSide,
				});
			}

			if (outcome.status === 'failed') {
				fail(itemIndex, meta, { code: outcome.code, message: outcome.message, httpStatus: outcome.httpStatus, deadLetterId: outcome.deadLetterId });
				return;
			}
			success.push({
				json: { ...json, [metadataKey]: { ...meta, ...describeOutcome(outcome) } },
				pairedItem: { item: itemIndex },
			});
		};

		const passStarted = performance.now();
		try {
			let next = 0;
			const worker = async () => {
				while (next < items.length) await handle(next++);
			};
			const concurrency = Math.max(1, Math.min(Number(options.concurrency ?? 4), items.length));
			await Promise.all(Array.from({ length: concurrency }, worker));
			for (const run of runCounts.values()) {
				await store.recordRun(run.synchronizationId, run.runId, countOutcomes(run.outcomes), { writeMs: performance.now() - passStarted });
			}
			// A delivery with a failed item stays in flight: after its lease the sender's retry runs it again.
			if (!testRun) await completeDeliveries(this, [...deliveries].filter(([, written]) => written).map(([key]) => key));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error as Error, { description: 'The contract store failed during the write pass' });
		}
		// Writes finish in any order; the outputs keep the input's (a file made of the Error output lists rows as the source did).
		return [inInputOrder(success), inInputOrder(failed)];
	}
}

interface WriteTarget {
	requests: TargetRequests;
	transport: Transport;
	/** Items of every run writing to one system with one credential share one circuit breaker. */
	breakerTarget: BreakerTarget;
}

function endpointWriteTarget(context: IExecuteFunctions, options: IDataObject, readsBeforeUpdate: boolean): WriteTarget {
	const authentication = context.getNodeParameter('authentication', 0) as string;
	const baseUrl = (context.getNodeParameter('baseUrl', 0) as string).trim();
	if (!/^https?:\/\//.test(baseUrl)) throw new NodeOperationError(context.getNode(), `Target Base URL "${baseUrl}" is not an http(s) URL`);
	const endpoint: TargetEndpoint = {
		baseUrl,
		createPath: context.getNodeParameter('createPath', 0) as string,
		updatePath: context.getNodeParameter('updatePath', 0) as string,
		deletePath: context.getNodeParameter('deletePath', 0) as string,
		createMethod: context.getNodeParameter('createMethod', 0) as WriteMethod,
		updateMethod: context.getNodeParameter('updateMethod', 0) as WriteMethod,
		deleteMethod: context.getNodeParameter('deleteMethod', 0) as WriteMethod,
		idPosition: context.getNodeParameter('idPosition', 0) as string,
		idInRequestBody: (context.getNodeParameter('idInRequestBody', 0) as string).trim() || undefined,
		idempotency: options.idempotency !== false,
		getPath: readsBeforeUpdate ? (context.getNodeParameter('getPath', 0) as string) : undefined,
	};
	const send = (request: FullResponseRequestOptions): Promise<unknown> => {
		const requestOptions = request as unknown as IHttpRequestOptions;
		return authentication === 'none'
			? context.helpers.httpRequest(requestOptions)
			: context.helpers.httpRequestWithAuthentication.call(context, authentication, requestOptions);
	};
	return { requests: endpointRequests(endpoint), transport: createFullResponseTransport(send), breakerTarget: breakerTarget(baseUrl, authentication === 'none' ? undefined : credentialIdentity(context.getNode(), authentication)) };
}

async function connectorWriteTarget(context: IExecuteFunctions): Promise<WriteTarget> {
	const connectorId = context.getNodeParameter('connector', 0) as string;
	const descriptor: ConnectorDescriptor | undefined = builtInConnectors[connectorId];
	if (descriptor === undefined) throw new NodeOperationError(context.getNode(), `Unknown connector "${connectorId}"`);
	const credentials = descriptor.credentialType === undefined ? {} : await context.getCredentials(descriptor.credentialType);
	try {
		const requests = connectorTargetRequests({
			// n8n signs each request with the credential type; the descriptor's own auth is for scripts.
			descriptor: { ...descriptor, auth: { kind: 'none' } },
			resource: context.getNodeParameter('resource', 0) as string,
			credentials,
			pathParameters: jsonObject(context.getNodeParameter('pathParameters', 0, '{}'), 'Path Parameters'),
			upsertBy: (context.getNodeParameter('upsertBy', 0, '') as string).trim() || undefined,
		});
		return { requests, transport: connectorTransport(context, descriptor, descriptor.credentialType), breakerTarget: connectorBreakerTarget(descriptor, credentials, credentialIdentity(context.getNode(), descriptor.credentialType)) };
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
}

/** A credential entry per built-in connector, shown when that connector is the target. */
function connectorCredentials(): INodeCredentialDescription[] {
	return Object.values(builtInConnectors)
		.filter((descriptor) => descriptor.credentialType !== undefined)
		.map((descriptor) => ({
			name: descriptor.credentialType as string,
			required: true,
			displayOptions: { show: { target: ['connector'], connector: [descriptor.id] } },
		}));
}

function describeOutcome(outcome: WriteOutcome): IDataObject {
	switch (outcome.status) {
		case 'created':
		case 'updated':
		case 'deleted':
			return { action: outcome.status, targetId: outcome.targetId, attempts: outcome.attempts, reconciled: outcome.reconciled };
		case 'skipped':
			return { action: 'skipped', skipReason: outcome.reason, plannedAction: outcome.plannedAction ?? null };
		case 'parked':
			return { action: 'parked', parkedFields: outcome.fields, conflictId: outcome.conflictId };
		default:
			return { action: outcome.status };
	}
}

function modifiedAt(json: IDataObject): string | undefined {
	for (const key of ['updatedAt', 'updated_at', 'modifiedAt', 'lastModified']) {
		const value = json[key];
		if (typeof value === 'string' || typeof value === 'number') return String(value);
	}
	return undefined;
}

function inInputOrder(items: INodeExecutionData[]): INodeExecutionData[] {
	const position = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
	return items.sort((a, b) => position(a) - position(b));
}

function splitList(value: string): string[] {
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}
