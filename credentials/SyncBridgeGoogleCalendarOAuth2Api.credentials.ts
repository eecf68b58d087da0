import type { ICredentialTestRequest, ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/** Google Calendar, authorization-code flow, limited to events (calendar.events scope). */
export class SyncBridgeGoogleCalendarOAuth2Api implements ICredentialType {
	name = 'syncBridgeGoogleCalendarOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'SyncBridge Google Calendar OAuth2 API';

	icon: Icon = {
		light: 'file:SyncBridgeGoogleCalendarOAuth2Api.svg',
		dark: 'file:SyncBridgeGoogleCalendarOAuth2Api.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md#google-calendar';

	properties: INodeProperties[] = [
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
	];

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/calendar/v3/calendars/primary/events', qs: { maxResults: 1 }, method: 'GET' },
	};
}
