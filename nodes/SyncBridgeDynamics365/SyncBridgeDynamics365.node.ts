import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { dynamics365Connector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';

export class SyncBridgeDynamics365 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Dynamics 365',
		name: 'syncBridgeDynamics365',
		icon: { light: 'file:dynamics365.svg', dark: 'file:dynamics365.dark.svg' },
		group: ['transform'],
		version: 1,
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: dynamics365Connector, credentialType: 'syncBridgeDynamics365OAuth2Api' });
	}
}
