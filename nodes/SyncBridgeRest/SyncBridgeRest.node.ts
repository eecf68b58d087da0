import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	apiKeyCredential,
	connectorDefinitions,
	type ConnectorDefinition,
	type ConnectorDescriptor,
} from '../../runtime/connectors';
import { executeConnector } from '../shared/connector-router';
import { credentialFieldsWithoutAuth, descriptorFromParameter } from '../shared/generic-descriptor';

const WRITES = ['create', 'update', 'upsert'];

/** The built-in systems this node serves (those without a node of their own). */
const builtIn = connectorDefinitions.filter(
	(definition): definition is ConnectorDefinition & Required<Pick<ConnectorDefinition, 'restChoice'>> =>
		definition.restChoice !== undefined,
);
const builtInResources = builtIn
	.map(({ name, descriptor }) => `${name.toLowerCase()}: ${Object.keys(descriptor.resources).join(', ')}`)
	.join('; ');

export class SyncBridgeRest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge REST',
		name: 'syncBridgeRest',
		icon: { light: 'file:rest.svg', dark: 'file:rest.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Any REST or XML API described as data (base URL, auth, results and ID position, pagination, rate-limit headers); includes the city calendar',
		defaults: { name: 'SyncBridge REST' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [
			{
				name: apiKeyCredential.name,
				required: true,
				displayOptions: { show: { authentication: ['syncBridgeApiKeyApi'] } },
			},
		],
		properties: [
			{
				displayName: 'Connector',
				name: 'connector',
				type: 'options',
				noDataExpression: true,
				default: builtIn[0].restChoice.value,
				options: [
					...builtIn.map(({ name, restChoice }) => ({
						name: `${name} (Built In)`,
						value: restChoice.value,
						description: restChoice.description,
					})),
					{ name: 'Descriptor (JSON)', value: 'descriptor', description: 'A connector descriptor of your own' },
				],
			},
			{
				displayName: 'Connector Descriptor',
				name: 'descriptorJson',
				type: 'json',
				default:
					'{\n  "id": "my-api",\n  "displayName": "My API",\n  "baseUrl": "{{baseUrl}}",\n  "auth": { "kind": "none" },\n  "pagination": { "style": "none" },\n  "resources": {\n    "items": { "displayName": "Item", "idPosition": "id", "operations": { "list": { "method": "GET", "path": "/items" } } }\n  }\n}',
				description:
					'See docs/connectors.md: resultsPosition ("_root" or a dot path; absent tries items, result, results, data, value, records), idPosition, pagination (page, offset, cursor, nextLink), rateLimit headers',
				displayOptions: { show: { connector: ['descriptor'] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				default: 'syncBridgeApiKeyApi',
				options: [
					{
						name: 'SyncBridge API Key',
						value: 'syncBridgeApiKeyApi',
						description: 'Base URL and a key sent in a header (X-API-Key by default)',
					},
					{ name: 'None', value: 'none' },
				],
			},
			{
				displayName: 'Base URL',
				name: 'baseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://api.example.com',
				description: 'Fills {{baseUrl}} in the descriptor',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'string',
				default: Object.keys(builtIn[0].descriptor.resources)[0],
				required: true,
				description: `A resource key of the descriptor (${builtInResources})`,
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'list',
				options: [
					{ name: 'Create', value: 'create', action: 'Create a record' },
					{ name: 'Create or Update', value: 'upsert', action: 'Create or update a record' },
					{ name: 'Delete', value: 'delete', action: 'Delete a record' },
					{ name: 'Get', value: 'get', action: 'Get a record' },
					{ name: 'Get Many', value: 'list', action: 'Get many records' },
					{ name: 'Update', value: 'update', action: 'Update a record' },
				],
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				default: '',
				required: true,
				displayOptions: { show: { operation: ['get', 'update', 'delete', 'upsert'] } },
			},
			{
				displayName: 'Path Parameters (JSON)',
				name: 'pathParameters',
				type: 'json',
				default: '{}',
				description: 'Values for {name} placeholders in the operation path other than {id}',
			},
			{
				displayName: 'Send',
				name: 'bodySource',
				type: 'options',
				default: 'item',
				options: [
					{ name: 'Input Item', value: 'item' },
					{ name: 'JSON', value: 'json' },
				],
				displayOptions: { show: { operation: WRITES } },
			},
			{
				displayName: 'Body (JSON)',
				name: 'bodyJson',
				type: 'json',
				default: '{}',
				displayOptions: { show: { operation: WRITES, bodySource: ['json'] } },
			},
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: { show: { operation: ['list'] } },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { operation: ['list'], returnAll: [false] } },
			},
			{
				displayName: 'Query Parameters (JSON)',
				name: 'queryJson',
				type: 'json',
				default: '{}',
				displayOptions: { show: { operation: ['list', 'get'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Idempotency Key',
						name: 'idempotencyKey',
						type: 'string',
						default: '',
						description: "Sent in the descriptor's idempotencyHeader on writes",
					},
					{
						displayName: 'Include Response Metadata',
						name: 'includeMetadata',
						type: 'boolean',
						default: false,
						description:
							"Whether to add _syncbridge.rateLimit (from the descriptor's rateLimit headers) and the HTTP status to each output item",
					},
					{
						displayName: 'Max Attempts',
						name: 'maxAttempts',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 5,
						description: 'Attempts per request for network errors, 408, 429 and 5xx',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const connector = this.getNodeParameter('connector', 0) as string;
		const descriptor: ConnectorDescriptor =
			connector === 'descriptor'
				? descriptorFromParameter(this.getNode(), this.getNodeParameter('descriptorJson', 0))
				: builtInDescriptor(this.getNode(), connector);
		const authenticated = this.getNodeParameter('authentication', 0) === 'syncBridgeApiKeyApi';
		return executeConnector(this, {
			descriptor,
			credentialType: authenticated ? apiKeyCredential.name : undefined,
			credentials: authenticated ? undefined : credentialFieldsWithoutAuth(this.getNodeParameter('baseUrl', 0, '')),
			pathParametersJson: true,
		});
	}
}

function builtInDescriptor(node: INode, choice: string): ConnectorDescriptor {
	const found = builtIn.find((definition) => definition.restChoice.value === choice);
	if (found === undefined) throw new NodeOperationError(node, `Unknown connector '${choice}'`);
	return found.descriptor;
}
