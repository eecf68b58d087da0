import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { apiKeyCredential, builtInConnectors } from '../../runtime/connectors';
import { storeCredential, storeProperties } from '../shared/contract-store-parameters';
import { targetFieldsProperty } from '../shared/target-fields';

/** SyncBridge Upsert's parameters: where to write (an HTTP endpoint or a connector), conflicts, options, store. */
export const upsertProperties: INodeProperties[] = [
	{
		displayName: 'Target',
		name: 'target',
		type: 'options',
		default: 'endpoint',
		options: [
			{
				name: 'HTTP Endpoint',
				value: 'endpoint',
				description: 'Any JSON API: paths, methods and ID position set here',
			},
			{
				name: 'Connector',
				value: 'connector',
				description:
					'A built-in system (Stripe, Salesforce, Dynamics 365, …): paths, body encoding and IDs from its connector',
			},
		],
	},
	{
		displayName: 'Connector',
		name: 'connector',
		type: 'options',
		default: Object.keys(builtInConnectors)[0],
		options: Object.values(builtInConnectors).map((descriptor) => ({
			name: descriptor.displayName,
			value: descriptor.id,
		})),
		displayOptions: { show: { target: ['connector'] } },
	},
	{
		displayName: 'Resource Name or ID',
		name: 'resource',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getConnectorResources', loadOptionsDependsOn: ['connector'] },
		default: '',
		required: true,
		description:
			'The kind of record written. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { target: ['connector'] } },
	},
	{
		displayName: 'Send',
		name: 'bodySource',
		type: 'options',
		noDataExpression: true,
		default: 'item',
		options: [
			{
				name: 'Input Item',
				value: 'item',
				description: 'The item as it arrives (mapped by a SyncBridge Mapper before)',
			},
			{
				name: 'Mapped Fields',
				value: 'mapped',
				description: "The resource's fields set below, by dragging input fields or typing",
			},
		],
		displayOptions: { show: { target: ['connector'] } },
	},
	targetFieldsProperty({
		dependsOn: ['connector', 'resource'],
		displayOptions: { show: { target: ['connector'], bodySource: ['mapped'] } },
		resourceMapper: { mode: 'add', addAllFields: false, multiKeyMatch: false },
	}),
	{
		displayName: 'Upsert By Name or ID',
		name: 'upsertBy',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getMatchKeyFields', loadOptionsDependsOn: ['connector', 'resource'] },
		default: '',
		description:
			'The field whose value identifies the record in the system (an external ID, listed from the resource\'s fields; Salesforce lists its external-ID fields once a credential is chosen): writes go through the resource\'s upsert operation and the value becomes the target ID. None: create, then update by the ID the system assigned. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
		description:
			'For targets that do not assign IDs: the body key holding the ID set by the mapping; the contract records it as the target ID. An item without it is refused before any request.',
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
				description: 'Requests in flight at once: single writes, or bulk calls where the system has a bulk API',
			},
			{
				displayName: 'Idempotency Keys',
				name: 'idempotency',
				type: 'boolean',
				default: true,
				description:
					'Whether to send an Idempotency-Key header, so retries and reruns never duplicate on targets that support it',
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
					"Dot path of a version number or ISO timestamp in each item; overrides the one set in Contract Check. An item older than the last written version is skipped (stale), checked again under the object's write lock.",
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
];

/**
 * The store's Postgres credential and any the chosen target needs.
 *
 * Target and Connector are matched with `hide`, never `show`: n8n's editor takes an options parameter whose
 * every value `show`s some credential for the node's "authentication" choice and removes it from the panel
 * (it removed Target, leaving no way to pick Connector). It reads only `show` for that.
 */
export const upsertCredentials: INodeCredentialDescription[] = [
	storeCredential,
	{
		name: apiKeyCredential.name,
		required: true,
		displayOptions: { show: { authentication: ['syncBridgeApiKeyApi'] }, hide: { target: ['connector'] } },
	},
	...connectorCredentials(),
];

/** A credential entry per built-in connector, shown when that connector is the target. */
function connectorCredentials(): INodeCredentialDescription[] {
	const ids = Object.keys(builtInConnectors);
	return Object.values(builtInConnectors)
		.filter((descriptor) => descriptor.credentialType !== undefined)
		.map((descriptor) => ({
			name: descriptor.credentialType as string,
			required: true,
			displayOptions: {
				hide: { target: ['endpoint'], connector: ids.filter((id) => id !== descriptor.id) },
			},
		}));
}
