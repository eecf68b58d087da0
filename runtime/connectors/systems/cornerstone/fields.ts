import type { FieldSchema } from '../../field-schema';

/**
 * A course enrollment as the Transcript API's assign takes it (`POST /v1/transcripts/assign`), the
 * fields SyncBridge models (see docs/connectors.md for what is assumed).
 */
export const cornerstoneEnrollmentFields: readonly FieldSchema[] = [
	{
		id: 'externalId',
		displayName: 'User External ID',
		type: 'string',
		required: true,
		description: "The learner's user id in Cornerstone",
	},
	{
		id: 'learningObjectId',
		displayName: 'Learning Object ID',
		type: 'string',
		required: true,
		description: 'The course (learning object) to enroll in',
	},
	{
		id: 'assignment',
		displayName: 'Assignment',
		type: 'options',
		options: [
			{ name: 'Assigned', value: 'assigned' },
			{ name: 'Registered', value: 'registered' },
		],
		description: 'Assigned by an administrator, or registered by the learner; assigned by default',
	},
	{
		id: 'registeredAt',
		displayName: 'Registration Date',
		type: 'dateTime',
		description: "When the learner enrolled (also the CSV export's Registration Date)",
	},
	{
		id: 'externalReference',
		displayName: 'External Reference',
		type: 'string',
		description: "Your system's enrollment id, kept with the item for its synchronization contract",
	},
	{
		id: 'reg_num',
		displayName: 'Registration Number',
		type: 'string',
		readOnly: true,
		description: "Cornerstone's transcript registration number",
	},
];
