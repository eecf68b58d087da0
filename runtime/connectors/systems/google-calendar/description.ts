import type { ConnectorDescriptor } from '../../connector-descriptor';
import { googleCalendarCredential } from './credential';
import { googleCalendarEventFields } from './fields';

/**
 * Google Calendar API v3: events of one calendar, paged by `nextPageToken` -> `pageToken`;
 * push notifications through a watch channel (`events/watch`, stopped with `channels/stop`).
 */
export const googleCalendarConnector: ConnectorDescriptor = {
	id: 'google-calendar',
	displayName: 'Google Calendar',
	baseUrl: '{{baseUrl}}/calendar/v3',
	auth: googleCalendarCredential.auth,
	credentialType: googleCalendarCredential.name,
	pagination: { style: 'nextLink', position: 'nextPageToken', tokenParam: 'pageToken' },
	errorMessagePosition: 'error.message',
	resources: {
		events: {
			displayName: 'Event',
			fields: googleCalendarEventFields,
			idPosition: 'id',
			resultsPosition: 'items',
			etag: { position: 'etag' },
			operations: {
				list: { method: 'GET', path: '/calendars/{calendarId}/events', query: { maxResults: '250' } },
				get: { method: 'GET', path: '/calendars/{calendarId}/events/{id}', resultsPosition: '_root' },
				create: { method: 'POST', path: '/calendars/{calendarId}/events', resultsPosition: '_root' },
				update: { method: 'PATCH', path: '/calendars/{calendarId}/events/{id}', resultsPosition: '_root' },
				delete: { method: 'DELETE', path: '/calendars/{calendarId}/events/{id}' },
			},
		},
	},
	webhooks: {
		register: { method: 'POST', path: '/calendars/{calendarId}/events/watch' },
		unregister: { method: 'POST', path: '/channels/stop' },
		events: ['sync', 'exists', 'not_exists'],
		idPosition: 'id',
	},
};
