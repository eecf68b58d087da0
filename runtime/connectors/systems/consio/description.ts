import type { ConnectorDescriptor } from '../../connector-descriptor';
import { consioCredential } from './credential';
import { consioActivityFields, consioMemberFields } from './fields';

/**
 * Consio (membership system): members and activity exports over a REST API with an API key, with
 * a semicolon-separated CSV with decimal commas (for Consio's import, opened in Norwegian Excel) when the API is not
 * available. Consio publishes no public API reference: see docs/connectors.md for the assumptions.
 */
export const consioConnector: ConnectorDescriptor = {
	id: 'consio',
	displayName: 'Consio',
	baseUrl: '{{baseUrl}}/api/v1',
	auth: consioCredential.auth,
	credentialType: consioCredential.name,
	pagination: { style: 'offset', param: 'offset', limitParam: 'limit', limit: 100 },
	rateLimit: {
		remainingHeader: 'X-RateLimit-Remaining',
		limitHeader: 'X-RateLimit-Limit',
		resetHeader: 'X-RateLimit-Reset',
		resetKind: 'seconds',
	},
	errorMessagePosition: 'message',
	resources: {
		members: {
			displayName: 'Member',
			fields: consioMemberFields,
			idPosition: 'id',
			operations: {
				list: { method: 'GET', path: '/members' },
				get: { method: 'GET', path: '/members/{id}', resultsPosition: '_root' },
				create: { method: 'POST', path: '/members', resultsPosition: '_root' },
				update: { method: 'PUT', path: '/members/{id}', resultsPosition: '_root' },
			},
		},
		activities: {
			displayName: 'Activity Export',
			fields: consioActivityFields,
			idPosition: 'id',
			operations: {
				list: { method: 'GET', path: '/activities' },
				create: { method: 'POST', path: '/activities/export', resultsPosition: 'results', batchKey: 'activities' },
			},
			csvExport: {
				fileName: 'consio-activities.csv',
				columns: [
					{ header: 'Medlemsnummer', path: 'memberNumber' },
					{ header: 'Aktivitet', path: 'activity' },
					{ header: 'Dato', path: 'date' },
					{ header: 'Timer', path: 'hours' },
				],
				delimiter: ';',
				decimalSeparator: ',',
				byteOrderMark: true,
			},
		},
	},
};
