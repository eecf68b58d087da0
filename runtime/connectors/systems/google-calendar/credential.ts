import type { ConnectorCredential } from '../../connector-definition';

/** Google Calendar, authorization-code flow, limited to events (calendar.events scope). */
export const googleCalendarCredential: ConnectorCredential = {
	name: 'syncBridgeGoogleCalendarOAuth2Api',
	displayName: 'SyncBridge Google Calendar OAuth2 API',
	documentation: 'google-calendar',
	oauth2: {
		grantType: 'authorizationCode',
		authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
		accessTokenUrl: 'https://oauth2.googleapis.com/token',
		scope: 'https://www.googleapis.com/auth/calendar.events',
		authQueryParameters: 'access_type=offline&prompt=consent',
	},
	fields: [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://www.googleapis.com',
			description: 'Change only to point at a mock of the Calendar API',
		},
	],
	auth: { kind: 'oauth2' },
	test: {
		baseUrl: '{{baseUrl}}',
		path: '/calendar/v3/calendars/primary/events',
		query: { maxResults: 1 },
		method: 'GET',
	},
};
