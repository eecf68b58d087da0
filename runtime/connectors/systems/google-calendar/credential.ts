import type { ConnectorCredential } from '../../connector-definition';

/** Google Calendar, authorization-code flow, limited to events (calendar.events scope). */
export const googleCalendarCredential: ConnectorCredential = {
	name: 'syncBridgeGoogleCalendarOAuth2Api',
	displayName: 'SyncBridge Google Calendar OAuth2 API',
	documentation: 'google-calendar',
	oauth2: true,
	fields: [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.googleapis.com',
			description: 'Change only to point at a mock of the Calendar API',
		},
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://accounts.google.com/o/oauth2/v2/auth' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://oauth2.googleapis.com/token' },
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: 'https://www.googleapis.com/auth/calendar.events' },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: 'access_type=offline&prompt=consent' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	],
	auth: { kind: 'oauth2' },
	test: { baseUrl: '{{baseUrl}}', path: '/calendar/v3/calendars/primary/events', query: { maxResults: 1 }, method: 'GET' },
};
