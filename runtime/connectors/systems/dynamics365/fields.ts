import type { FieldSchema, FieldSchemaType } from '../../field-schema';

/**
 * The contact table's standard columns (Dataverse table reference, "Contact"), by logical name.
 * Custom columns of an environment (`sb_membernumber` and the like) come from its attribute
 * metadata, with a credential.
 */
export const dataverseContactFields: readonly FieldSchema[] = [
	{ id: 'firstname', displayName: 'First Name', type: 'string', description: "The contact's first name" },
	{ id: 'middlename', displayName: 'Middle Name', type: 'string', description: "The contact's middle name or initial" },
	{ id: 'lastname', displayName: 'Last Name', type: 'string', required: true, description: "The contact's last name" },
	{ id: 'emailaddress1', displayName: 'Email', type: 'string', description: 'The primary email address' },
	{ id: 'emailaddress2', displayName: 'Email Address 2', type: 'string', description: 'A second email address' },
	{ id: 'telephone1', displayName: 'Business Phone', type: 'string', description: 'The main phone number' },
	{ id: 'mobilephone', displayName: 'Mobile Phone', type: 'string', description: 'The mobile phone number' },
	{ id: 'birthdate', displayName: 'Birthday', type: 'dateTime', description: 'Date of birth (date only, YYYY-MM-DD)' },
	{ id: 'jobtitle', displayName: 'Job Title', type: 'string', description: "The contact's job title" },
	{
		id: 'address1_line1',
		displayName: 'Address 1: Street 1',
		type: 'string',
		description: 'First line of the primary address',
	},
	{
		id: 'address1_line2',
		displayName: 'Address 1: Street 2',
		type: 'string',
		description: 'Second line of the primary address',
	},
	{
		id: 'address1_postalcode',
		displayName: 'Address 1: ZIP/Postal Code',
		type: 'string',
		description: 'Postal code of the primary address',
	},
	{ id: 'address1_city', displayName: 'Address 1: City', type: 'string', description: 'City of the primary address' },
	{
		id: 'address1_stateorprovince',
		displayName: 'Address 1: State/Province',
		type: 'string',
		description: 'State or province of the primary address',
	},
	{
		id: 'address1_country',
		displayName: 'Address 1: Country/Region',
		type: 'string',
		description: 'Country or region of the primary address',
	},
	{
		id: 'description',
		displayName: 'Description',
		type: 'string',
		description: 'Additional information about the contact',
	},
	{
		id: 'gendercode',
		displayName: 'Gender',
		type: 'options',
		options: [
			{ name: 'Male', value: 1 },
			{ name: 'Female', value: 2 },
		],
		description: "The contact's gender (option set value)",
	},
	{
		id: 'preferredcontactmethodcode',
		displayName: 'Preferred Method of Contact',
		type: 'options',
		options: [
			{ name: 'Any', value: 1 },
			{ name: 'Email', value: 2 },
			{ name: 'Phone', value: 3 },
			{ name: 'Fax', value: 4 },
			{ name: 'Mail', value: 5 },
		],
		description: 'How the contact prefers to be contacted',
	},
	{
		id: 'donotemail',
		displayName: 'Do Not Allow Emails',
		type: 'boolean',
		description: 'Whether the contact allows direct email',
	},
	{
		id: 'statecode',
		displayName: 'Status',
		type: 'options',
		options: [
			{ name: 'Active', value: 0 },
			{ name: 'Inactive', value: 1 },
		],
		description: 'Whether the contact is active',
	},
	{
		id: 'contactid',
		displayName: 'Contact',
		type: 'string',
		readOnly: true,
		description: "The contact's unique identifier (GUID)",
	},
	{
		id: 'fullname',
		displayName: 'Full Name',
		type: 'string',
		readOnly: true,
		description: 'First and last name together, composed by Dataverse',
	},
	{
		id: 'createdon',
		displayName: 'Created On',
		type: 'dateTime',
		readOnly: true,
		description: 'When the record was created',
	},
	{
		id: 'modifiedon',
		displayName: 'Modified On',
		type: 'dateTime',
		readOnly: true,
		description: 'When the record was last changed',
	},
];

/**
 * The scenario's membership table (`new_membership`, default publisher prefix; see
 * docs/connectors.md): one membership of a contact, bound with `new_Contact@odata.bind`.
 */
export const dataverseMembershipFields: readonly FieldSchema[] = [
	{
		id: 'new_name',
		displayName: 'Name',
		type: 'string',
		required: true,
		description: 'The membership plan (primary name column)',
	},
	{
		id: 'new_startdate',
		displayName: 'Start Date',
		type: 'dateTime',
		description: 'First day of the membership (YYYY-MM-DD)',
	},
	{
		id: 'new_enddate',
		displayName: 'End Date',
		type: 'dateTime',
		description: 'Last day of the membership (YYYY-MM-DD)',
	},
	{ id: 'new_fee', displayName: 'Fee', type: 'number', description: 'The yearly fee (currency, two decimals)' },
	{
		id: 'new_Contact@odata.bind',
		displayName: 'Contact',
		type: 'string',
		description: "The member, as '/contacts(<contactid>)'",
	},
	{
		id: 'new_membershipid',
		displayName: 'Membership',
		type: 'string',
		readOnly: true,
		description: "The membership's unique identifier (GUID)",
	},
	{
		id: '_new_contact_value',
		displayName: 'Contact ID',
		type: 'string',
		readOnly: true,
		description: "The member's contactid, as Dataverse reads the lookup back",
	},
	{
		id: 'modifiedon',
		displayName: 'Modified On',
		type: 'dateTime',
		readOnly: true,
		description: 'When the record was last changed',
	},
];

/** The attribute properties the field list needs (`$select` of the attribute metadata request). */
export const ATTRIBUTE_PROPERTIES =
	'LogicalName,SchemaName,AttributeType,AttributeOf,DisplayName,Description,RequiredLevel,IsValidForCreate,IsValidForUpdate';

/** One attribute of `EntityDefinitions(LogicalName='…')/Attributes`, the properties read here. */
interface AttributeMetadata {
	LogicalName: string;
	SchemaName?: string;
	AttributeType?: string;
	AttributeOf?: string | null;
	IsValidForCreate?: boolean;
	IsValidForUpdate?: boolean;
	DisplayName?: { UserLocalizedLabel?: { Label?: string } | null } | null;
	Description?: { UserLocalizedLabel?: { Label?: string } | null } | null;
	RequiredLevel?: { Value?: string } | null;
}

const TYPES: Record<string, FieldSchemaType> = {
	Boolean: 'boolean',
	DateTime: 'dateTime',
	Integer: 'number',
	BigInt: 'number',
	Decimal: 'number',
	Double: 'number',
	Money: 'number',
	Picklist: 'number',
	State: 'number',
	Status: 'number',
};

/** Set by Dataverse even when marked system-required: the owner defaults to the caller, the state to active. */
const DEFAULTED = new Set(['Owner', 'State', 'Status', 'Uniqueidentifier']);

/**
 * The fields of a table's attribute metadata. A lookup is written through its navigation property
 * (`<SchemaName>@odata.bind: "/<set>(<id>)"`), so it is listed under that key (owner and customer
 * lookups, one navigation property per target table, are listed read-only); attributes derived
 * from another (`AttributeOf`, e.g. the `…name` of a lookup) are left out. Alternate keys of one
 * column (`EntityDefinitions(…)/Keys`) can key an upsert.
 */
export function dataverseAttributeFields(attributes: unknown, keys?: unknown): FieldSchema[] {
	const list = (attributes as { value?: unknown } | null)?.value;
	if (!Array.isArray(list)) throw new Error('The attribute metadata answer has no value list');
	const keyColumns = new Set(
		((keys as { value?: { KeyAttributes?: string[] }[] } | null)?.value ?? []).flatMap((key) =>
			key.KeyAttributes?.length === 1 ? key.KeyAttributes : [],
		),
	);
	return (list as AttributeMetadata[])
		.filter((attribute) => !attribute.AttributeOf && attribute.AttributeType !== 'Virtual')
		.map((attribute) => {
			const lookup = attribute.AttributeType === 'Lookup';
			// Owner and customer lookups are bound through one navigation property per target table: not one field.
			const polymorphic = attribute.AttributeType === 'Owner' || attribute.AttributeType === 'Customer';
			const writable = !polymorphic && (attribute.IsValidForCreate === true || attribute.IsValidForUpdate === true);
			const level = attribute.RequiredLevel?.Value;
			const required =
				writable &&
				(level === 'ApplicationRequired' ||
					(level === 'SystemRequired' && !DEFAULTED.has(attribute.AttributeType ?? '')));
			const label = attribute.DisplayName?.UserLocalizedLabel?.Label;
			const description = attribute.Description?.UserLocalizedLabel?.Label;
			return {
				id: lookup && writable ? `${attribute.SchemaName ?? attribute.LogicalName}@odata.bind` : attribute.LogicalName,
				displayName: label || attribute.LogicalName,
				type: TYPES[attribute.AttributeType ?? ''] ?? 'string',
				...(required ? { required: true } : {}),
				...(description
					? { description }
					: lookup && writable
						? { description: "A reference, as '/<entity set>(<id>)'" }
						: {}),
				...(writable ? {} : { readOnly: true }),
				...(keyColumns.has(attribute.LogicalName) ? { matchKey: true } : {}),
			};
		});
}
