import type { ConnectorDescriptor } from '../../connector-descriptor';
import { cornerstoneCredential } from './credential';
import { cornerstoneEnrollmentFields } from './fields';

/**
 * Cornerstone OnDemand: enrollments read from the Reporting API's transcript view (OData,
 * `@odata.nextLink`), written through the Transcript API's assign endpoint; when the API is not
 * available the same enrollments are produced as a CSV file for Cornerstone's data load.
 */
export const cornerstoneConnector: ConnectorDescriptor = {
	id: 'cornerstone',
	displayName: 'Cornerstone OnDemand',
	baseUrl: '{{portalUrl}}/services/api',
	auth: cornerstoneCredential.auth,
	credentialType: cornerstoneCredential.name,
	pagination: { style: 'nextLink', position: '@odata.nextLink' },
	errorMessagePosition: 'error.message',
	resources: {
		enrollments: {
			displayName: 'Course Enrollment',
			fields: cornerstoneEnrollmentFields,
			idPosition: 'reg_num',
			resultsPosition: 'value',
			operations: {
				list: {
					method: 'GET',
					path: '/x/odata/api/views/vw_rpt_transcript',
					headers: { Prefer: 'odata.maxpagesize=1000' },
				},
				create: {
					method: 'POST',
					path: '/v1/transcripts/assign',
					resultsPosition: 'data',
					idPosition: 'registrationNumber',
				},
			},
			csvExport: {
				fileName: 'cornerstone-enrollments.csv',
				columns: [
					{ header: 'User ID', path: 'externalId' },
					{ header: 'LO ID', path: 'learningObjectId' },
					{ header: 'Status', path: 'assignment' },
					{ header: 'Registration Date', path: 'registeredAt' },
				],
				delimiter: ',',
			},
		},
	},
};
