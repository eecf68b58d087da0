import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import {
	apiKeyCredential,
	connectorDefinition,
	connectorDefinitions,
	fetchAll,
	type ConnectorDefinition,
	type ConnectorDescriptor,
	type FetchAllResult,
	type IncrementalSync,
} from '../../runtime/connectors';
import {
	listSince,
	nextSyncToken,
	readStoredCursor,
	readStoredSyncToken,
	selectNewRecords,
	sinceQuery,
} from '../../runtime/polling';
import { describeFailure } from '../shared/connector-errors';
import { asObject, jsonObject, sendChecked } from '../shared/connector-router';
import { connectorSender } from '../shared/connector-transport';
import { credentialFieldsWithoutAuth, descriptorFromParameter } from '../shared/generic-descriptor';

/** The built-in systems a poll can read: those with an incremental block. */
const sources = connectorDefinitions.filter(
	(definition): definition is ConnectorDefinition & { incremental: IncrementalSync } =>
		definition.incremental !== undefined,
);

/** Sources authenticated by the generic API-key credential, or by nothing. */
const API_KEY_SOURCES = [
	...sources.filter((source) => source.credential.optional).map((source) => source.descriptor.id),
	'generic',
];

const credentialFor = (name: string, source: string) => ({
	name,
	required: true,
	displayOptions: { show: { source: [source] } },
});

const sourceOptions: INodePropertyOptions[] = [
	...sources
		.map((source) => ({ name: source.name, value: source.descriptor.id }))
		.sort((a, b) => a.name.localeCompare(b.name)),
	{ name: 'Generic (Descriptor JSON)', value: 'generic' },
];

/** The parameters a source's request option reads (Salesforce's object and fields), shown for that source. */
const incrementalParameters: INodeProperties[] = sources.flatMap((source) =>
	(source.incremental.parameters ?? []).map((parameter) => ({
		displayName: parameter.displayName,
		name: parameter.name,
		type: 'string' as const,
		default: parameter.default,
		...(parameter.description === undefined ? {} : { description: parameter.description }),
		displayOptions: { show: { source: [source.descriptor.id] } },
	})),
);

export class SyncBridgePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Polling Trigger',
		name: 'syncBridgePollingTrigger',
		icon: { light: 'file:polling.svg', dark: 'file:polling.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"poll " + $parameter["source"]}}',
		description: 'Emits records of a system changed since the last poll, with a durable cursor',
		defaults: { name: 'SyncBridge Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			...sources
				.filter((source) => !source.credential.optional)
				.map((source) => credentialFor(source.credential.name, source.descriptor.id)),
			{
				name: apiKeyCredential.name,
				required: true,
				displayOptions: { show: { source: API_KEY_SOURCES, authentication: ['syncBridgeApiKeyApi'] } },
			},
		],
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				default: sources[0].descriptor.id,
				options: sourceOptions,
			},
			{
				displayName: 'Connector Descriptor',
				name: 'descriptorJson',
				type: 'json',
				default: '{}',
				description: 'A connector descriptor (see docs/connectors.md); its resource needs a list operation',
				displayOptions: { show: { source: ['generic'] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				default: 'syncBridgeApiKeyApi',
				options: [
					{ name: 'SyncBridge API Key', value: 'syncBridgeApiKeyApi' },
					{ name: 'None', value: 'none' },
				],
				displayOptions: { show: { source: API_KEY_SOURCES } },
			},
			{
				displayName: 'Base URL',
				name: 'baseUrl',
				type: 'string',
				default: '',
				description: 'Fills {{baseUrl}} when no credential is used',
				displayOptions: { show: { source: API_KEY_SOURCES, authentication: ['none'] } },
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'string',
				default: '',
				description:
					"Leave empty for the source's usual one: customers (Stripe), contacts (Salesforce, Dynamics 365), events, enrollments, members",
			},
			{
				displayName: 'Cursor Field',
				name: 'cursorField',
				type: 'string',
				default: '',
				description:
					"Dot path of the change timestamp or number; empty for the source's default (created, LastModifiedDate, modifiedon, updated)",
			},
			{
				displayName: 'ID Field',
				name: 'idField',
				type: 'string',
				default: '',
				description: "Dot path of the record ID; empty for the connector's idPosition",
			},
			...incrementalParameters,
			{
				displayName: 'Path Parameters (JSON)',
				name: 'pathParameters',
				type: 'json',
				default: '{}',
				description: 'Values for {name} placeholders in the list path, e.g. {"calendarId": "primary"}',
			},
			{ displayName: 'Query Parameters (JSON)', name: 'queryJson', type: 'json', default: '{}' },
			{
				displayName: 'First Run',
				name: 'firstRun',
				type: 'options',
				default: 'new',
				options: [
					{
						name: 'Emit Only New Records',
						value: 'new',
						description: 'The first poll remembers where the source is and emits nothing',
					},
					{ name: 'Emit All Records', value: 'all', description: 'The first poll emits every existing record' },
				],
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description: 'Attempts per page request for network errors, 408, 429 and 5xx',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const source = this.getNodeParameter('source') as string;
		let descriptor: ConnectorDescriptor;
		let credentialType: string | undefined;
		let credentials: Record<string, unknown>;
		let incremental: IncrementalSync | undefined;
		if (source === 'generic') {
			descriptor = descriptorFromParameter(node, this.getNodeParameter('descriptorJson'));
		} else {
			const found = connectorDefinition(source);
			if (found === undefined) throw new NodeOperationError(node, `Unknown source '${source}'`);
			descriptor = found.descriptor;
			incremental = found.incremental;
		}
		if (API_KEY_SOURCES.includes(source)) {
			credentialType =
				this.getNodeParameter('authentication', 'syncBridgeApiKeyApi') === 'none' ? undefined : apiKeyCredential.name;
			credentials =
				credentialType === undefined
					? credentialFieldsWithoutAuth(this.getNodeParameter('baseUrl', ''))
					: await this.getCredentials(credentialType);
		} else {
			credentialType = descriptor.credentialType;
			credentials = credentialType === undefined ? {} : await this.getCredentials(credentialType);
		}
		const resource = String(
			this.getNodeParameter('resource', '') ||
				incremental?.resource ||
				Object.keys(descriptor.resources).find((name) => descriptor.resources[name].operations.list !== undefined) ||
				'',
		);
		if (descriptor.resources[resource]?.operations.list === undefined) {
			throw new NodeOperationError(
				node,
				`${descriptor.displayName} has no resource '${resource}' with a list operation`,
				{
					description: `Resources with a list: ${Object.keys(descriptor.resources)
						.filter((name) => descriptor.resources[name].operations.list !== undefined)
						.join(', ')}`,
				},
			);
		}
		const cursorField = String(this.getNodeParameter('cursorField', '') || incremental?.cursorField || 'updated');
		const idPosition = String(this.getNodeParameter('idField', '') || descriptor.resources[resource].idPosition);

		const staticData = this.getWorkflowStaticData('node');
		const cursor = readStoredCursor(staticData.cursor);
		let filter: Record<string, string>;
		let parameters: Record<string, unknown>;
		let query: Record<string, unknown>;
		try {
			const sinceParameters = Object.fromEntries(
				(incremental?.parameters ?? []).map((parameter) => [
					parameter.name,
					String(this.getNodeParameter(parameter.name, parameter.default)),
				]),
			);
			filter = sinceQuery(incremental, cursorField, cursor, sinceParameters);
			parameters = jsonObject(this.getNodeParameter('pathParameters', '{}'), 'Path Parameters');
			query = jsonObject(this.getNodeParameter('queryJson', '{}'), 'Query Parameters');
		} catch (error) {
			throw new NodeOperationError(node, error as Error);
		}

		const sender = connectorSender(this, descriptor, credentialType, {
			maxAttempts: Number(this.getNodeParameter('maxAttempts', 5)),
		});
		// n8n's credential signs the requests; the cursor moves only after every page arrived.
		const list = (since: Record<string, string>) =>
			fetchAll(
				{ ...descriptor, auth: { kind: 'none' } },
				resource,
				(request) => sendChecked(descriptor, sender.send, request),
				{
					credentials,
					parameters,
					query: Object.fromEntries(
						Object.entries({ ...query, ...since }).map(([name, value]) => [name, String(value)]),
					),
				},
			);
		const tokens = incremental?.syncToken;
		const token = tokens === undefined ? undefined : readStoredSyncToken(staticData.syncToken);
		let fetched: FetchAllResult;
		let listedChanges: boolean;
		try {
			({ listed: fetched, onlyChanges: listedChanges } = await listSince(tokens, token, filter, list, () =>
				this.logger.info(
					`SyncBridge Polling Trigger: ${descriptor.displayName} no longer accepts the sync token; reading again from the cursor (full resync)`,
				),
			));
		} catch (error) {
			const failure = describeFailure(descriptor, error);
			throw new NodeOperationError(node, failure.message, {
				description: `Poll failed (${failure.code}); the cursor was not moved, so the next poll reads the same records again.`,
			});
		}

		const selection = selectNewRecords(fetched.records, cursor, {
			cursorField,
			idPosition,
			onlyChangesListed: listedChanges,
		});
		if (selection.withoutCursor > 0) {
			this.logger.warn(
				`SyncBridge Polling Trigger: ${selection.withoutCursor} ${descriptor.displayName} record(s) have no '${cursorField}' and were not emitted`,
			);
		}
		const manual = this.getMode() === 'manual';
		const firstRun = staticData.initialized !== true;
		if (!manual) {
			if (selection.cursor !== undefined)
				staticData.cursor = { value: selection.cursor.value, idsAtValue: selection.cursor.idsAtValue };
			if (tokens !== undefined) {
				const next = fetched.complete ? nextSyncToken(tokens, fetched.lastResponse?.body) : undefined;
				if (next === undefined) delete staticData.syncToken;
				else staticData.syncToken = next;
			}
			staticData.initialized = true;
		}
		let emitted = selection.fresh;
		if (firstRun && this.getNodeParameter('firstRun', 'new') === 'new') {
			// Manual test runs show the newest record so the workflow can be built against real data.
			emitted = manual ? selection.fresh.slice(-1) : [];
		}
		if (emitted.length === 0) return null;
		return [emitted.map((record) => ({ json: asObject(record) as IDataObject }))];
	}
}
