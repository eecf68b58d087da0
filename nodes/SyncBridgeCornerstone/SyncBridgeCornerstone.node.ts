import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { cornerstoneConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { csvFallbackExport, exportDescription } from '../shared/csv-fallback-export';
import { csvImportFile, csvImportFileDescription } from '../shared/csv-import-file';

export class SyncBridgeCornerstone implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Cornerstone',
		name: 'syncBridgeCornerstone',
		icon: { light: 'file:cornerstone.svg', dark: 'file:cornerstone.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Cornerstone course enrollments: list (transcripts), create (assign), export with CSV fallback',
		defaults: { name: 'SyncBridge Cornerstone' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: 'syncBridgeCornerstoneOAuth2Api', required: true }],
		properties: connectorProperties(cornerstoneConnector, { custom: [exportDescription('enrollments', 'course enrollments'), csvImportFileDescription('enrollments', 'course enrollments')] }),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: cornerstoneConnector, credentialType: 'syncBridgeCornerstoneOAuth2Api', custom: { 'enrollments:export': csvFallbackExport('enrollments'), 'enrollments:csvImportFile': csvImportFile('enrollments') } });
	}
}
