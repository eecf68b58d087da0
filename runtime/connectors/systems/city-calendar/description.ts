import type { ConnectorDescriptor } from '../../connector-descriptor';
import { cityCalendarCredential } from './credential';
import { cityCalendarEventFields, cityCalendarXmlEventFields } from './fields';

/**
 * The city calendar: a plain REST API with an X-API-Key header, page numbers, standard rate-limit
 * headers, and an XML variant of the event list (`/events.xml`) served to older consumers.
 */
export const cityCalendarConnector: ConnectorDescriptor = {
	id: 'city-calendar',
	displayName: 'City Calendar',
	baseUrl: '{{baseUrl}}',
	auth: cityCalendarCredential.auth,
	credentialType: cityCalendarCredential.name,
	pagination: { style: 'page', param: 'page', sizeParam: 'per_page', size: 50, startsAt: 1 },
	rateLimit: {
		limitHeader: 'X-RateLimit-Limit',
		remainingHeader: 'X-RateLimit-Remaining',
		resetHeader: 'X-RateLimit-Reset',
		resetKind: 'epochSeconds',
	},
	errorMessagePosition: 'error',
	resources: {
		events: {
			displayName: 'Event',
			fields: cityCalendarEventFields,
			idPosition: 'id',
			operations: {
				list: { method: 'GET', path: '/events' },
				get: { method: 'GET', path: '/events/{id}', resultsPosition: '_root' },
				create: { method: 'POST', path: '/events', resultsPosition: '_root' },
				update: { method: 'PUT', path: '/events/{id}', resultsPosition: '_root' },
				delete: { method: 'DELETE', path: '/events/{id}' },
			},
		},
		eventsXml: {
			displayName: 'Event (XML feed)',
			fields: cityCalendarXmlEventFields,
			idPosition: '@attributes.id',
			resultsPosition: 'event',
			operations: {
				list: { method: 'GET', path: '/events.xml', headers: { Accept: 'application/xml' } },
			},
		},
	},
};
