import type { ConnectorDescriptor } from '../../connector-descriptor';
import { googleCalendarCredential } from './credential';
import { googleCalendarEventFields } from './fields';

/**
 * Google Calendar API v3: events of one calendar, paged by `nextPageToken` -> `pageToken`;
 * push notifications through a watch channel (`events/watch`, stopped with `channels/stop`); chunks
 * of writes through the batch endpoint at the API root.
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
			// Calendar's batch guide allows 1000 calls a batch, but each call counts against the per-user
			// rate limit as if sent alone, so a large batch comes back with rateLimitExceeded parts. 50 is
			// the limit the guide named before (googleapis/google-api-dotnet-client#1621).
			bulkWrite: { format: 'googleBatch', path: '{{baseUrl}}/batch/calendar/v3', maxPerCall: 50 },
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
