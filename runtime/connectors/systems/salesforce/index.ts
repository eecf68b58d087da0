import type { ConnectorDefinition } from '../../connector-definition';
import { salesforceCredential } from './credential';
import { salesforceConnector } from './description';
import { salesforceIncremental } from './incremental';

export { salesforceConnector };
export { SALESFORCE_API_VERSION } from './api-version';
export { modifiedSinceSoql } from './description';

export const salesforce: ConnectorDefinition = {
	descriptor: salesforceConnector,
	credential: salesforceCredential,
	incremental: salesforceIncremental,
	name: 'Salesforce',
	node: {
		icon: 'salesforce.svg',
		description: 'Salesforce contacts: SOQL query, get, create, update, upsert by external ID, delete',
		placeholders: {
			externalIdField: {
				displayName: 'External ID Field',
				default: 'ExternalId__c',
				description: 'API name of the external ID field the record is matched by',
			},
		},
		listQuery: {
			name: 'q',
			displayName: 'SOQL Query',
			default: 'SELECT Id, FirstName, LastName, Email, LastModifiedDate FROM Contact ORDER BY LastModifiedDate ASC',
			description: 'The query whose records are returned; pages follow nextRecordsUrl',
		},
	},
};
