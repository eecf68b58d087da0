import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { salesforceConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { connectorFieldMethods } from '../shared/target-fields';

export class SyncBridgeSalesforce implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Salesforce',
		name: 'syncBridgeSalesforce',
		icon: { light: 'file:salesforce.svg', dark: 'file:salesforce.dark.svg' },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Salesforce contacts: SOQL query, get, create, update, upsert by external ID, delete',
		defaults: { name: 'SyncBridge Salesforce' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: 'syncBridgeSalesforceOAuth2Api', required: true }],
		properties: connectorProperties(salesforceConnector, {
			placeholders: { externalIdField: { displayName: 'External ID Field', default: 'ExternalId__c', description: 'API name of the external ID field the record is matched by' } },
			listQuery: {
				name: 'q',
				displayName: 'SOQL Query',
				default: 'SELECT Id, FirstName, LastName, Email, LastModifiedDate FROM Contact ORDER BY LastModifiedDate ASC',
				description: 'The query whose records are returned; pages follow nextRecordsUrl',
			},
		}),
	};

	methods = { resourceMapping: connectorFieldMethods(salesforceConnector, 'syncBridgeSalesforceOAuth2Api') };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: salesforceConnector, credentialType: 'syncBridgeSalesforceOAuth2Api', listQueryParam: 'q' });
	}
}
