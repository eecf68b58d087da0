import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { cornerstoneConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { connectorFieldMethods } from '../shared/target-fields';
import { csvFallbackExport, exportDescription } from '../shared/csv-fallback-export';
import { csvImportFile, csvImportFileDescription } from '../shared/csv-import-file';

export class SyncBridgeCornerstone implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Cornerstone',
		name: 'syncBridgeCornerstone',
		icon: { light: 'file:cornerstone.svg', dark: 'file:cornerstone.dark.svg' },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: [1, 2],
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

	methods = { resourceMapping: connectorFieldMethods(cornerstoneConnector, 'syncBridgeCornerstoneOAuth2Api') };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: cornerstoneConnector, credentialType: 'syncBridgeCornerstoneOAuth2Api', custom: { 'enrollments:export': csvFallbackExport('enrollments'), 'enrollments:csvImportFile': csvImportFile('enrollments') } });
	}
}
