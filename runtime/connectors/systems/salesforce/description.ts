import type { ConnectorDescriptor } from '../../connector-descriptor';
import { SALESFORCE_API_VERSION } from './api-version';
import { salesforceCredential } from './credential';

/**
 * Salesforce REST: SOQL queries paged by `nextRecordsUrl`, upsert by external id
 * (`PATCH /sobjects/{sobject}/{externalIdField}/{id}`: 201 created, 200 updated).
 */
export const salesforceConnector: ConnectorDescriptor = {
	id: 'salesforce',
	displayName: 'Salesforce',
	baseUrl: `{{instanceUrl}}/services/data/${SALESFORCE_API_VERSION}`,
	auth: salesforceCredential.auth,
	credentialType: salesforceCredential.name,
	pagination: { style: 'nextLink', position: 'nextRecordsUrl' },
	rateLimit: { usageHeader: 'Sforce-Limit-Info' },
	errorMessagePosition: '0.message',
	resources: {
		contacts: {
			displayName: 'Contact',
			idPosition: 'Id',
			resultsPosition: 'records',
			operations: {
				list: { method: 'GET', path: '/query' },
				get: { method: 'GET', path: '/sobjects/Contact/{id}', resultsPosition: '_root' },
				create: { method: 'POST', path: '/sobjects/Contact', resultsPosition: '_root' },
				update: { method: 'PATCH', path: '/sobjects/Contact/{id}' },
				upsert: { method: 'PATCH', path: '/sobjects/Contact/{externalIdField}/{id}', resultsPosition: '_root' },
				delete: { method: 'DELETE', path: '/sobjects/Contact/{id}' },
			},
		},
	},
};
