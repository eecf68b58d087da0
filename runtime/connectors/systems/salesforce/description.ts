import type { ConnectorDescriptor } from '../../connector-descriptor';
import { SALESFORCE_API_VERSION } from './api-version';
import { salesforceCredential } from './credential';
import { salesforceContactFields } from './fields';

/**
 * Salesforce REST: SOQL queries paged by `nextRecordsUrl`, upsert by external id
 * (`PATCH /sobjects/{sobject}/{externalIdField}/{id}`: 201 created, 200 updated); bulk writes by
 * sObject Collections (200 records a call) and Bulk API 2.0 ingest jobs.
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
			fields: salesforceContactFields,
			fieldDiscovery: { format: 'salesforceDescribe', fields: { method: 'GET', path: '/sobjects/Contact/describe' } },
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
			// Salesforce advises Bulk API 2.0 from 2,000 records; below that a job's fixed calls and queueing cost more.
			bulkWrite: { format: 'salesforceCollections', sobject: 'Contact', maxPerCall: 200, jobFrom: 2000 },
		},
	},
};

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

/**
 * The SOQL for polling records changed after `since`, oldest first, so a poll that stops midway
 * can resume from the last LastModifiedDate it saw. Names are checked, never interpolated raw.
 */
export function modifiedSinceSoql(sobject: string, fields: readonly string[], since: Date): string {
	for (const name of [sobject, ...fields]) {
		if (!IDENTIFIER.test(name)) throw new Error(`Not a Salesforce field or object name: '${name}'`);
	}
	const selected = [...new Set(['Id', ...fields, 'LastModifiedDate'])].join(', ');
	const timestamp = since.toISOString().replace(/\.\d{3}Z$/, 'Z');
	return `SELECT ${selected} FROM ${sobject} WHERE LastModifiedDate > ${timestamp} ORDER BY LastModifiedDate ASC`;
}
