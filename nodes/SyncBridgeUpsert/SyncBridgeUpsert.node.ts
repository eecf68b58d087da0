import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { builtInConnectors } from '../../runtime/connectors';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';
import {
	builtInSystemTarget,
	matchKeyOptions,
	TARGET_FIELDS_METHOD,
	targetFieldsMethod,
} from '../shared/target-fields';
import { upsertCredentials, upsertProperties } from './description';
import { executeUpsert } from './execute';

/** The connector and resource Upsert writes to, for its field lists. */
const connectorTarget = builtInSystemTarget({ system: 'connector', resource: 'resource' });

export class SyncBridgeUpsert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Upsert',
		name: 'syncBridgeUpsert',
		icon: { light: 'file:upsert.svg', dark: 'file:upsert.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{($parameter["testRun"] ? "test run: " : "") + ($parameter["target"] === "connector" ? $parameter["connector"] + " " + $parameter["resource"] : $parameter["baseUrl"])}}',
		description:
			'Create, update or delete items in the target and record the result in their synchronization contracts',
		defaults: { name: 'SyncBridge Upsert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: upsertCredentials,
		properties: upsertProperties,
	};

	methods = {
		credentialTest: { syncBridgePostgresConnectionTest },
		loadOptions: {
			async getConnectorResources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const descriptor = builtInConnectors[this.getCurrentNodeParameter('connector') as string];
				return Object.entries(descriptor?.resources ?? {}).map(([value, resource]) => ({
					name: resource.displayName,
					value,
				}));
			},
			async getMatchKeyFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return matchKeyOptions(this, connectorTarget);
			},
		},
		resourceMapping: {
			[TARGET_FIELDS_METHOD]: targetFieldsMethod(connectorTarget),
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeUpsert(this);
	}
}
