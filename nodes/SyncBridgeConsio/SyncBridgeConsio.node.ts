import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { consioConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { connectorFieldMethods } from '../shared/target-fields';
import { csvFallbackExport, exportDescription } from '../shared/csv-fallback-export';
import { csvImportFile, csvImportFileDescription } from '../shared/csv-import-file';

export class SyncBridgeConsio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Consio',
		name: 'syncBridgeConsio',
		icon: { light: 'file:consio.svg', dark: 'file:consio.dark.svg' },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Consio members and activities: list, get, create, update, export activities with CSV fallback',
		defaults: { name: 'SyncBridge Consio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: 'syncBridgeConsioApi', required: true }],
		properties: connectorProperties(consioConnector, { custom: [exportDescription('activities', 'activities'), csvImportFileDescription('activities', 'activities')] }),
	};

	methods = { resourceMapping: connectorFieldMethods(consioConnector, 'syncBridgeConsioApi') };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: consioConnector, credentialType: 'syncBridgeConsioApi', custom: { 'activities:export': csvFallbackExport('activities'), 'activities:csvImportFile': csvImportFile('activities') } });
	}
}
