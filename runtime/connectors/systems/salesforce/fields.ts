import type { FieldSchema, FieldSchemaType } from '../../field-schema';

const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const choices = (values: string[]) => values.map((value) => ({ name: value, value }));

/**
 * The Contact object's standard fields (Object Reference, "Contact"). Custom fields of an org
 * (`ExternalId__c` and the like) are not here: they come from the org's describe, with a credential.
 */
export const salesforceContactFields: readonly FieldSchema[] = [
	{
		id: 'Salutation',
		displayName: 'Salutation',
		type: 'options',
		options: choices(SALUTATIONS),
		description: 'Honorific before the name',
	},
	{
		id: 'FirstName',
		displayName: 'First Name',
		type: 'string',
		description: "The contact's first name (up to 40 characters)",
	},
	{
		id: 'LastName',
		displayName: 'Last Name',
		type: 'string',
		required: true,
		description: "The contact's last name (up to 80 characters)",
	},
	{ id: 'Email', displayName: 'Email', type: 'string', description: "The contact's email address" },
	{ id: 'Phone', displayName: 'Business Phone', type: 'string', description: 'Telephone number' },
	{ id: 'MobilePhone', displayName: 'Mobile Phone', type: 'string', description: 'Mobile telephone number' },
	{ id: 'HomePhone', displayName: 'Home Phone', type: 'string', description: 'Home telephone number' },
	{ id: 'Title', displayName: 'Title', type: 'string', description: 'Job title' },
	{ id: 'Department', displayName: 'Department', type: 'string', description: 'The department the contact works in' },
	{ id: 'Birthdate', displayName: 'Birthdate', type: 'dateTime', description: 'Date of birth (YYYY-MM-DD)' },
	{ id: 'AccountId', displayName: 'Account ID', type: 'string', description: 'ID of the parent account' },
	{
		id: 'ReportsToId',
		displayName: 'Reports To ID',
		type: 'string',
		description: "ID of the contact's manager (a contact)",
	},
	{
		id: 'OwnerId',
		displayName: 'Owner ID',
		type: 'string',
		description: 'ID of the user who owns the contact; the API user by default',
	},
	{
		id: 'LeadSource',
		displayName: 'Lead Source',
		type: 'options',
		options: choices(LEAD_SOURCES),
		description: 'Where the contact came from',
	},
	{ id: 'Description', displayName: 'Description', type: 'string', description: 'Free-text description (up to 32 KB)' },
	{ id: 'MailingStreet', displayName: 'Mailing Street', type: 'string', description: 'Street of the mailing address' },
	{ id: 'MailingCity', displayName: 'Mailing City', type: 'string', description: 'City of the mailing address' },
	{
		id: 'MailingState',
		displayName: 'Mailing State/Province',
		type: 'string',
		description: 'State or province of the mailing address',
	},
	{
		id: 'MailingPostalCode',
		displayName: 'Mailing Zip/Postal Code',
		type: 'string',
		description: 'Postal code of the mailing address',
	},
	{
		id: 'MailingCountry',
		displayName: 'Mailing Country',
		type: 'string',
		description: 'Country of the mailing address',
	},
	{ id: 'OtherStreet', displayName: 'Other Street', type: 'string', description: 'Street of the alternate address' },
	{ id: 'OtherCity', displayName: 'Other City', type: 'string', description: 'City of the alternate address' },
	{
		id: 'OtherPostalCode',
		displayName: 'Other Zip/Postal Code',
		type: 'string',
		description: 'Postal code of the alternate address',
	},
	{ id: 'OtherCountry', displayName: 'Other Country', type: 'string', description: 'Country of the alternate address' },
	{ id: 'AssistantName', displayName: 'Assistant', type: 'string', description: "The assistant's name" },
	{ id: 'AssistantPhone', displayName: 'Assistant Phone', type: 'string', description: "The assistant's phone number" },
	{
		id: 'HasOptedOutOfEmail',
		displayName: 'Email Opt Out',
		type: 'boolean',
		description: 'Whether the contact does not want email',
	},
	{
		id: 'DoNotCall',
		displayName: 'Do Not Call',
		type: 'boolean',
		description: 'Whether the contact does not want phone calls',
	},
	{ id: 'Id', displayName: 'Contact ID', type: 'string', readOnly: true, description: "Salesforce's record id (003…)" },
	{
		id: 'Name',
		displayName: 'Full Name',
		type: 'string',
		readOnly: true,
		description: 'First, middle and last name together',
	},
	{
		id: 'CreatedDate',
		displayName: 'Created Date',
		type: 'dateTime',
		readOnly: true,
		description: 'When the record was created',
	},
	{
		id: 'LastModifiedDate',
		displayName: 'Last Modified Date',
		type: 'dateTime',
		readOnly: true,
		description: 'When a user last changed the record',
	},
];

/** One field of an sObject describe (`GET /sobjects/{sobject}/describe`), the properties read here. */
interface DescribeField {
	name: string;
	label?: string;
	type?: string;
	nillable?: boolean;
	createable?: boolean;
	updateable?: boolean;
	externalId?: boolean;
	defaultedOnCreate?: boolean;
	inlineHelpText?: string | null;
	picklistValues?: { value: string; label?: string | null; active?: boolean }[];
}

const TYPES: Record<string, FieldSchemaType> = {
	boolean: 'boolean',
	int: 'number',
	long: 'number',
	double: 'number',
	currency: 'number',
	percent: 'number',
	date: 'dateTime',
	datetime: 'dateTime',
	picklist: 'options',
	address: 'object',
	location: 'object',
};

/**
 * The fields of an sObject describe: required when creatable, not nillable and not defaulted by
 * Salesforce; read-only when neither creatable nor updatable (formulas, audit fields, compound
 * addresses); external-id fields can key an upsert.
 */
export function salesforceDescribeFields(answer: unknown): FieldSchema[] {
	const fields = (answer as { fields?: unknown } | null)?.fields;
	if (!Array.isArray(fields)) throw new Error('The describe answer has no fields list');
	return (fields as DescribeField[]).map((field) => {
		const picklist = (field.picklistValues ?? []).filter((value) => value.active !== false);
		const type = field.type === 'picklist' && picklist.length === 0 ? 'string' : (TYPES[field.type ?? ''] ?? 'string');
		const writable = field.createable === true || field.updateable === true;
		return {
			id: field.name,
			displayName: field.label ?? field.name,
			type,
			...(field.createable === true && field.nillable === false && field.defaultedOnCreate !== true
				? { required: true }
				: {}),
			...(field.inlineHelpText ? { description: field.inlineHelpText } : {}),
			...(type === 'options'
				? { options: picklist.map((value) => ({ name: value.label ?? value.value, value: value.value })) }
				: {}),
			...(writable ? {} : { readOnly: true }),
			...(field.externalId === true ? { matchKey: true } : {}),
		};
	});
}
