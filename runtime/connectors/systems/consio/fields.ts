import type { FieldSchema } from '../../field-schema';

/** A Consio member as SyncBridge assumes it (Consio publishes no API reference; see docs/connectors.md). */
export const consioMemberFields: readonly FieldSchema[] = [
	{
		id: 'memberNumber',
		displayName: 'Member Number',
		type: 'number',
		required: true,
		description: "The member's number in Consio",
	},
	{ id: 'firstName', displayName: 'First Name', type: 'string', description: "The member's first name" },
	{ id: 'lastName', displayName: 'Last Name', type: 'string', description: "The member's last name" },
	{ id: 'email', displayName: 'Email', type: 'string', description: "The member's email address" },
	{ id: 'id', displayName: 'ID', type: 'string', readOnly: true, description: "Consio's member id" },
];

/** One activity in Consio's activity export (also the CSV fallback's columns). */
export const consioActivityFields: readonly FieldSchema[] = [
	{
		id: 'memberNumber',
		displayName: 'Member Number (Medlemsnummer)',
		type: 'number',
		required: true,
		description: 'The member the activity counts for',
	},
	{
		id: 'activity',
		displayName: 'Activity (Aktivitet)',
		type: 'string',
		required: true,
		description: 'Name of the activity',
	},
	{
		id: 'date',
		displayName: 'Date (Dato)',
		type: 'dateTime',
		required: true,
		description: 'When the activity took place (YYYY-MM-DD)',
	},
	{ id: 'hours', displayName: 'Hours (Timer)', type: 'number', description: 'Hours spent, decimals allowed' },
	{
		id: 'externalReference',
		displayName: 'External Reference',
		type: 'string',
		description: "Your system's activity id, kept with the item for its synchronization contract",
	},
	{ id: 'id', displayName: 'ID', type: 'string', readOnly: true, description: "Consio's id of the exported activity" },
];
