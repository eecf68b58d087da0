import type { ConnectorDefinition } from '../../connector-definition';
import { googleCalendarCredential } from './credential';
import { googleCalendarConnector } from './description';
import { googleCalendarIncremental } from './incremental';

export { googleCalendarConnector };

export const googleCalendar: ConnectorDefinition = {
	descriptor: googleCalendarConnector,
	credential: googleCalendarCredential,
	incremental: googleCalendarIncremental,
	name: 'Google Calendar',
	node: {
		icon: 'googleCalendar.svg',
		description: 'Google Calendar events: list (page tokens), get, create, update, delete',
		placeholders: {
			calendarId: { displayName: 'Calendar ID', default: 'primary', description: '"primary" or a calendar address' },
		},
	},
};
