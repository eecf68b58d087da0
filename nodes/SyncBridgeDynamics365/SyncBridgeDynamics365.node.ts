import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { dynamics365Connector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { connectorFieldMethods } from '../shared/target-fields';

export class SyncBridgeDynamics365 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Dynamics 365',
		name: 'syncBridgeDynamics365',
		icon: { light: 'file:dynamics365.svg', dark: 'file:dynamics365.dark.svg' },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Dynamics 365 / Dataverse contacts and memberships: list (@odata.nextLink), get, create, update, upsert, delete',
		defaults: { name: 'SyncBridge Dynamics 365' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: 'syncBridgeDynamics365OAuth2Api', required: true }],
		properties: connectorProperties(dynamics365Connector),
	};

	methods = { resourceMapping: connectorFieldMethods(dynamics365Connector, 'syncBridgeDynamics365OAuth2Api') };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: dynamics365Connector, credentialType: 'syncBridgeDynamics365OAuth2Api' });
	}
}
