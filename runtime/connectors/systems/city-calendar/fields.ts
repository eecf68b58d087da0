import type { FieldSchema } from '../../field-schema';

/** An event of the city calendar's `/events` API. */
export const cityCalendarEventFields: readonly FieldSchema[] = [
	{ id: 'title', displayName: 'Title', type: 'string', required: true, description: 'Title of the event' },
	{ id: 'start', displayName: 'Start', type: 'dateTime', required: true, description: 'Start, ISO 8601 date-time' },
	{ id: 'end', displayName: 'End', type: 'dateTime', description: 'End, ISO 8601 date-time' },
	{ id: 'location', displayName: 'Location', type: 'string', description: 'Where the event takes place' },
	{
		id: 'status',
		displayName: 'Status',
		type: 'options',
		options: [
			{ name: 'Scheduled', value: 'scheduled' },
			{ name: 'Cancelled', value: 'cancelled' },
		],
		description: 'Scheduled by default',
	},
	{
		id: 'externalReference',
		displayName: 'External Reference',
		type: 'string',
		description: "Your system's id for the event (the appointment id)",
	},
	{ id: 'id', displayName: 'ID', type: 'string', readOnly: true, description: "The calendar's event id" },
];

/** An event of the XML feed (`/events.xml`), as its elements and attributes parse. */
export const cityCalendarXmlEventFields: readonly FieldSchema[] = [
	{
		id: '@attributes.id',
		displayName: 'ID',
		type: 'string',
		readOnly: true,
		description: "The calendar's event id (the event element's id attribute)",
	},
	{
		id: '@attributes.status',
		displayName: 'Status',
		type: 'string',
		readOnly: true,
		description: 'scheduled or cancelled (status attribute)',
	},
	{ id: 'title', displayName: 'Title', type: 'string', readOnly: true, description: 'Title of the event' },
	{ id: 'start', displayName: 'Start', type: 'dateTime', readOnly: true, description: 'Start, ISO 8601 date-time' },
	{ id: 'end', displayName: 'End', type: 'dateTime', readOnly: true, description: 'End, ISO 8601 date-time' },
	{
		id: 'location',
		displayName: 'Location',
		type: 'string',
		readOnly: true,
		description: 'Where the event takes place',
	},
];
