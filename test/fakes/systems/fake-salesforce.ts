import { salesforce } from '../../../runtime/connectors';
import {
	FakeSystem,
	formBody,
	idSequence,
	jsonBody,
	presentedSecret,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from './fake-server';

/** One field of an sObject describe, the properties SyncBridge reads (Salesforce's DescribeFieldResult has many more). */
export interface DescribeField {
	name: string;
	label: string;
	type: string;
	nillable: boolean;
	createable: boolean;
	updateable: boolean;
	externalId: boolean;
	defaultedOnCreate: boolean;
	custom: boolean;
	unique: boolean;
	length: number;
	inlineHelpText: string | null;
	picklistValues: { active: boolean; defaultValue: boolean; label: string; value: string }[];
}

export interface SalesforceContact {
	Id: string;
	FirstName?: string;
	LastName?: string;
	Email?: string;
	ExternalId__c?: string;
	/** Epoch milliseconds; rendered as Salesforce's `2024-01-01T00:00:00.000+0000`. */
	LastModifiedDate: number;
	/** Any other writable Contact field (CONTACT_FIELDS). */
	[field: string]: unknown;
}

/**
 * The Contact fields a client may write
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm),
 * plus this org's external id field ExternalId__c.
 */
const WRITABLE_FIELDS = new Set([
	'AccountId',
	'AssistantName',
	'AssistantPhone',
	'Birthdate',
	'Department',
	'Description',
	'DoNotCall',
	'Email',
	'Fax',
	'FirstName',
	'HasOptedOutOfEmail',
	'HasOptedOutOfFax',
	'HomePhone',
	'LastName',
	'LeadSource',
	'MailingCity',
	'MailingCountry',
	'MailingPostalCode',
	'MailingState',
	'MailingStreet',
	'MiddleName',
	'MobilePhone',
	'OtherCity',
	'OtherCountry',
	'OtherPhone',
	'OtherPostalCode',
	'OtherState',
	'OtherStreet',
	'OwnerId',
	'Phone',
	'ReportsToId',
	'Salutation',
	'Suffix',
	'Title',
	'ExternalId__c',
]);
/** Fields Salesforce sets itself: readable, never writable. */
const READ_ONLY_FIELDS = new Set(['Id', 'IsDeleted', 'Name', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp']);

const SOQL =
	/^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+LastModifiedDate\s*>\s*(\S+))?(?:\s+ORDER\s+BY\s+LastModifiedDate(?:\s+ASC)?)?$/i;
/** A SOQL dateTime literal: unquoted, with seconds and a zone (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm). */
const DATETIME_LITERAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Salesforce: OAuth2 token endpoint (authorization code and refresh token grants), SOQL query
 * paged with `nextRecordsUrl` (`done: false` until the last batch), sObject CRUD and upsert by
 * external id (201 created; 200 updated from API 46.0, 204 before), a Contact needs a LastName
 * (`REQUIRED_FIELD_MISSING`), a field it does not have is `INVALID_FIELD` (in a write or a SELECT),
 * a filter on LastModifiedDate takes an unquoted dateTime literal only, a deleted contact is
 * `NOT_FOUND` to read and `ENTITY_IS_DELETED` to write, errors as `[{message, errorCode}]`, usage
 * in `Sforce-Limit-Info`.
 * `expireSessions()` ends every access token, as a session timeout does: the next call answers 401
 * `INVALID_SESSION_ID` until the client refreshes with its refresh token.
 * `GET /sobjects/Contact/describe` lists the Contact's fields: the standard ones the fake stores,
 * every external-id field of `externalIdFields` (custom, `externalId: true`) and `customFields`.
 */
export class FakeSalesforce extends FakeSystem {
	readonly clientId = 'fake-connected-app';
	readonly clientSecret = 'fake-consumer-secret';
	readonly authorizationCode = 'fake-authorization-code';
	readonly refreshToken = 'fake-refresh-token';
	readonly accessTokens = new Set<string>(['00Dfake!access-token-0']);
	readonly externalIdFields = new Set(['ExternalId__c']);
	/** Further custom fields of the org's Contact, as its describe lists them. */
	readonly customFields: DescribeField[] = [];
	/** Records per query batch (Salesforce: 2000 by default). */
	batchSize = 2000;
	readonly contacts: SalesforceContact[] = [];
	/** Ids of deleted contacts (in the recycle bin). */
	readonly deletedIds = new Set<string>();
	private readonly cursors = new Map<string, SalesforceContact[]>();
	private readonly nextId = idSequence('003FAKE', 11);
	private clock = Date.parse('2024-01-01T00:00:00Z');
	private apiCalls = 0;
	private issued = 0;

	get accessToken(): string {
		return [...this.accessTokens][0];
	}

	/** A person adds a contact in Salesforce (not through the API). */
	addContact(fields: Partial<Omit<SalesforceContact, 'Id' | 'LastModifiedDate'>>): SalesforceContact {
		return this.insert(fields);
	}

	/** Every session ends (Salesforce's session timeout); refresh tokens stay valid. */
	expireSessions(): void {
		this.accessTokens.clear();
	}

	/** Token requests by grant type, for asserting that a client refreshed. */
	tokenRequests(grantType: string): number {
		return this.requestsTo('/services/oauth2/token', 'POST').filter(
			(request) => new URLSearchParams(request.body).get('grant_type') === grantType,
		).length;
	}

	seedContacts(count: number): SalesforceContact[] {
		return Array.from({ length: count }, (_, index) =>
			this.insert({
				FirstName: `First${index + 1}`,
				LastName: `Last${index + 1}`,
				Email: `c${index + 1}@example.test`,
				ExternalId__c: `app-${index + 1}`,
			}),
		);
	}

	protected routes(): Route[] {
		const data = '/services/data/:version';
		return [
			{ method: 'POST', path: '/services/oauth2/token', public: true, handler: (request) => this.token(request) },
			{
				method: 'GET',
				path: `${data}/limits`,
				handler: () => ({ status: 200, body: { DailyApiRequests: { Max: 15000, Remaining: 15000 - this.apiCalls } } }),
			},
			{ method: 'GET', path: `${data}/query`, handler: (request) => this.query(request) },
			{ method: 'GET', path: `${data}/query/:locator`, handler: (request) => this.queryMore(request) },
			{
				method: 'GET',
				path: `${data}/sobjects/Contact/describe`,
				handler: () => ({ status: 200, body: this.describeContact() }),
			},
			{
				method: 'GET',
				path: `${data}/sobjects/Contact/:id`,
				handler: (request) =>
					this.withContact(request, (contact) => ({ status: 200, body: render(contact, request.params.version) })),
			},
			{
				method: 'POST',
				path: `${data}/sobjects/Contact`,
				handler: (request) =>
					this.withWritableFields(jsonBody(request), (fields) =>
						this.withRequiredFields(fields, () => ({
							status: 201,
							body: { id: this.insert(fields).Id, success: true, errors: [] },
						})),
					),
			},
			{
				method: 'PATCH',
				path: `${data}/sobjects/Contact/:id`,
				handler: (request) =>
					this.withContact(request, (contact) =>
						this.withWritableFields(jsonBody(request), (fields) => (this.touch(contact, fields), { status: 204 })),
					),
			},
			{
				method: 'DELETE',
				path: `${data}/sobjects/Contact/:id`,
				handler: (request) =>
					this.withContact(request, (contact) => {
						this.contacts.splice(this.contacts.indexOf(contact), 1);
						this.deletedIds.add(contact.Id);
						return { status: 204 };
					}),
			},
			{ method: 'PATCH', path: `${data}/sobjects/Contact/:field/:value`, handler: (request) => this.upsert(request) },
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const token = presentedSecret(request, salesforce.credential);
		if (token !== undefined && this.accessTokens.has(token)) {
			this.apiCalls += 1;
			return undefined;
		}
		return {
			status: 401,
			headers: { 'www-authenticate': 'Token' },
			body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
		};
	}

	protected errorBody(status: number, message: string): unknown {
		if (status === 429 || status === 403)
			return [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }];
		if (status === 404) return [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }];
		if (status >= 500) return [{ message, errorCode: 'SERVER_UNAVAILABLE' }];
		return [{ message, errorCode: 'INVALID_INPUT' }];
	}

	protected responseHeaders(): Record<string, string> {
		return { 'sforce-limit-info': `api-usage=${this.apiCalls}/15000` };
	}

	private token(request: FakeRequest): FakeResponse {
		const form = formBody(request);
		const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
		const [headerId, headerSecret] =
			basic === undefined ? [] : Buffer.from(basic, 'base64').toString('utf8').split(':');
		const clientId = form.client_id ?? headerId;
		const clientSecret = form.client_secret ?? headerSecret;
		if (clientId !== this.clientId || clientSecret !== this.clientSecret) {
			return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } };
		}
		const grant = form.grant_type;
		if (grant === 'authorization_code' && form.code !== this.authorizationCode) {
			return { status: 400, body: { error: 'invalid_grant', error_description: 'authentication failure' } };
		}
		if (grant !== 'authorization_code' && grant !== 'refresh_token') {
			return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } };
		}
		if (grant === 'refresh_token' && form.refresh_token !== this.refreshToken) {
			return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } };
		}
		const accessToken = `00Dfake!access-token-${++this.issued}`;
		this.accessTokens.add(accessToken);
		return {
			status: 200,
			body: {
				access_token: accessToken,
				...(grant === 'authorization_code' ? { refresh_token: this.refreshToken } : {}),
				instance_url: this.url,
				id: `${this.url}/id/00DFAKE000000000/005FAKE000000000`,
				token_type: 'Bearer',
				issued_at: String(Date.now()),
				signature: 'ZmFrZS1zaWduYXR1cmU=',
				scope: 'api refresh_token',
			},
		};
	}

	private describeContact(): Record<string, unknown> {
		const externalIds = [...this.externalIdFields].map((name) =>
			describeField(name, name.replace(/__c$/, '').replace(/_/g, ' '), 'string', {
				custom: true,
				externalId: true,
				unique: true,
				length: 255,
			}),
		);
		return {
			name: 'Contact',
			label: 'Contact',
			custom: false,
			createable: true,
			updateable: true,
			queryable: true,
			keyPrefix: '003',
			fields: [...CONTACT_FIELDS, ...externalIds, ...this.customFields],
		};
	}

	private query(request: FakeRequest): FakeResponse {
		const soql = (request.query.get('q') ?? '').trim();
		const parsed = SOQL.exec(soql);
		if (parsed === null || parsed[2] !== 'Contact') {
			return {
				status: 400,
				body: [{ message: `unexpected token or unsupported query: ${soql}`, errorCode: 'MALFORMED_QUERY' }],
			};
		}
		const fields = parsed[1].split(',').map((field) => field.trim());
		const unknown = fields.find((field) => !WRITABLE_FIELDS.has(field) && !READ_ONLY_FIELDS.has(field));
		if (unknown !== undefined) {
			return {
				status: 400,
				body: [
					{
						message: `\n${soql}\nERROR at Row:1:Column:8\nNo such column '${unknown}' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
						errorCode: 'INVALID_FIELD',
					},
				],
			};
		}
		const literal = parsed[3];
		if (literal !== undefined && /^'.*'$/.test(literal)) {
			// A quoted value is a string, and a string is not comparable with a dateTime field.
			return {
				status: 400,
				body: [
					{
						message: `\n${soql}\nvalue of filter criterion for field 'LastModifiedDate' must be of type dateTime and should not be enclosed in quotes`,
						errorCode: 'INVALID_FIELD',
					},
				],
			};
		}
		if (literal !== undefined && !DATETIME_LITERAL.test(literal)) {
			return {
				status: 400,
				body: [{ message: `\n${soql}\nline 1: Invalid datetime: ${literal}`, errorCode: 'MALFORMED_QUERY' }],
			};
		}
		const since = literal === undefined ? undefined : Date.parse(literal);
		const matching = this.contacts
			.filter((contact) => since === undefined || contact.LastModifiedDate > since)
			.sort((a, b) => a.LastModifiedDate - b.LastModifiedDate)
			.map((contact) => select(contact, fields, request.params.version));
		const locator = `01gFAKE${this.cursors.size + 1}`;
		this.cursors.set(locator, matching as unknown as SalesforceContact[]);
		return { status: 200, body: this.batch(locator, 0, request.params.version) };
	}

	private queryMore(request: FakeRequest): FakeResponse {
		const [locator, offset] = request.params.locator.split('-');
		if (!this.cursors.has(locator) || offset === undefined) {
			return { status: 400, body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }] };
		}
		return { status: 200, body: this.batch(locator, Number(offset), request.params.version) };
	}

	private batch(locator: string, offset: number, version: string): Record<string, unknown> {
		const all = this.cursors.get(locator) ?? [];
		const records = all.slice(offset, offset + this.batchSize);
		const done = offset + records.length >= all.length;
		return {
			totalSize: all.length,
			done,
			...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${locator}-${offset + records.length}` }),
			records,
		};
	}

	private upsert(request: FakeRequest): FakeResponse {
		const { field, value, version } = request.params;
		if (!this.externalIdFields.has(field)) {
			return {
				status: 404,
				body: [
					{
						message: `Provided external ID field does not exist or is not accessible: ${field}`,
						errorCode: 'NOT_FOUND',
					},
				],
			};
		}
		const body = jsonBody(request);
		const invalid = invalidFields(body);
		if (invalid !== undefined) return invalid;
		if (field in body) {
			return {
				status: 400,
				body: [
					{ message: `The external ID field ${field} is in the request body and the URL`, errorCode: 'INVALID_FIELD' },
				],
			};
		}
		const matches = this.contacts.filter((contact) => (contact as unknown as Record<string, unknown>)[field] === value);
		if (matches.length > 1)
			return {
				status: 300,
				body: matches.map((contact) => `/services/data/${version}/sobjects/Contact/${contact.Id}`),
			};
		if (matches.length === 0) {
			return this.withRequiredFields({ ...body, [field]: value }, (fields) => ({
				status: 201,
				body: { id: this.insert(fields).Id, success: true, errors: [], created: true },
			}));
		}
		if ('LastName' in body && (body.LastName === null || body.LastName === '')) return requiredFieldMissing();
		this.touch(matches[0], body);
		if (Number(version.replace(/^v/, '')) < 46) return { status: 204 };
		return { status: 200, body: { id: matches[0].Id, success: true, errors: [], created: false } };
	}

	private withRequiredFields(
		fields: Record<string, unknown>,
		then: (fields: Record<string, unknown>) => FakeResponse,
	): FakeResponse {
		return typeof fields.LastName === 'string' && fields.LastName !== '' ? then(fields) : requiredFieldMissing();
	}

	private withWritableFields(
		fields: Record<string, unknown>,
		then: (fields: Record<string, unknown>) => FakeResponse,
	): FakeResponse {
		return invalidFields(fields) ?? then(fields);
	}

	private withContact(request: FakeRequest, then: (contact: SalesforceContact) => FakeResponse): FakeResponse {
		const contact = this.contacts.find((candidate) => candidate.Id === request.params.id);
		if (contact !== undefined) return then(contact);
		// A deleted record sits in the recycle bin: reading it is NOT_FOUND, writing it ENTITY_IS_DELETED.
		if (this.deletedIds.has(request.params.id) && request.method !== 'GET')
			return { status: 404, body: [{ message: 'entity is deleted', errorCode: 'ENTITY_IS_DELETED', fields: [] }] };
		return { status: 404, body: this.errorBody(404, '') };
	}

	private insert(fields: Record<string, unknown>): SalesforceContact {
		const contact = { Id: this.nextId(), LastModifiedDate: 0 } as SalesforceContact;
		this.touch(contact, fields);
		this.contacts.push(contact);
		return contact;
	}

	/** Applies fields and moves LastModifiedDate forward, as any write does. */
	touch(contact: SalesforceContact, fields: Record<string, unknown> = {}): void {
		for (const [name, value] of Object.entries(fields)) {
			if (name !== 'Id' && name !== 'LastModifiedDate') (contact as unknown as Record<string, unknown>)[name] = value;
		}
		this.clock += 60_000;
		contact.LastModifiedDate = this.clock;
	}
}

/** A describe entry: a nillable, creatable and updatable text field unless `overrides` say otherwise. */
export function describeField(
	name: string,
	label: string,
	type: string,
	overrides: Partial<DescribeField> = {},
): DescribeField {
	return {
		name,
		label,
		type,
		nillable: true,
		createable: true,
		updateable: true,
		externalId: false,
		defaultedOnCreate: false,
		custom: false,
		unique: false,
		length: type === 'string' || type === 'email' || type === 'phone' ? 80 : 0,
		inlineHelpText: null,
		picklistValues: [],
		...overrides,
	};
}

const readOnly = { nillable: false, createable: false, updateable: false, defaultedOnCreate: true };
const picklist = (values: string[]) =>
	values.map((value) => ({ active: true, defaultValue: false, label: value, value }));

/** The standard Contact fields the fake stores or computes (a real org lists about seventy). */
const CONTACT_FIELDS: DescribeField[] = [
	describeField('Id', 'Contact ID', 'id', readOnly),
	describeField('IsDeleted', 'Deleted', 'boolean', readOnly),
	describeField('Salutation', 'Salutation', 'picklist', {
		picklistValues: picklist(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.']),
	}),
	describeField('FirstName', 'First Name', 'string', { length: 40 }),
	describeField('LastName', 'Last Name', 'string', { nillable: false }),
	describeField('Name', 'Full Name', 'string', { ...readOnly, length: 121 }),
	describeField('MailingStreet', 'Mailing Street', 'textarea', { length: 255 }),
	describeField('MailingCity', 'Mailing City', 'string', { length: 40 }),
	describeField('MailingPostalCode', 'Mailing Zip/Postal Code', 'string', { length: 20 }),
	describeField('MailingCountry', 'Mailing Country', 'string', { length: 80 }),
	describeField('MailingAddress', 'Mailing Address', 'address', { createable: false, updateable: false }),
	describeField('Phone', 'Business Phone', 'phone', { length: 40 }),
	describeField('Email', 'Email', 'email'),
	describeField('Description', 'Contact Description', 'textarea', { length: 32000 }),
	describeField('HasOptedOutOfEmail', 'Email Opt Out', 'boolean', { nillable: false, defaultedOnCreate: true }),
	describeField('OwnerId', 'Owner ID', 'reference', { nillable: false, defaultedOnCreate: true, length: 18 }),
	describeField('CreatedDate', 'Created Date', 'datetime', readOnly),
	describeField('LastModifiedDate', 'Last Modified Date', 'datetime', readOnly),
];

/**
 * A write naming a field the Contact does not have is refused whole with INVALID_FIELD, one naming a
 * system field with INVALID_FIELD_FOR_INSERT_UPDATE
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 */
function invalidFields(fields: Record<string, unknown>): FakeResponse | undefined {
	const unknown = Object.keys(fields).find(
		(name) => !WRITABLE_FIELDS.has(name) && !READ_ONLY_FIELDS.has(name) && name !== 'attributes',
	);
	if (unknown !== undefined)
		return {
			status: 400,
			body: [{ message: `No such column '${unknown}' on sobject of type Contact`, errorCode: 'INVALID_FIELD' }],
		};
	const readOnly = Object.keys(fields).filter((name) => READ_ONLY_FIELDS.has(name));
	if (readOnly.length > 0) {
		return {
			status: 400,
			body: [
				{
					message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
					errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
					fields: readOnly,
				},
			],
		};
	}
	return undefined;
}

function requiredFieldMissing(): FakeResponse {
	return {
		status: 400,
		body: [
			{ message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
		],
	};
}

function sfDate(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '+0000');
}

/** A Contact as the REST API returns it: every field, null when not set. */
function render(contact: SalesforceContact, version: string): Record<string, unknown> {
	const fields: Record<string, unknown> = Object.fromEntries(
		[...WRITABLE_FIELDS].map((name) => [name, contact[name] ?? null]),
	);
	const name = [contact.FirstName, contact.LastName]
		.filter((part) => typeof part === 'string' && part !== '')
		.join(' ');
	return {
		attributes: { type: 'Contact', url: `/services/data/${version}/sobjects/Contact/${contact.Id}` },
		Id: contact.Id,
		IsDeleted: false,
		Name: name,
		...fields,
		LastModifiedDate: sfDate(contact.LastModifiedDate),
		SystemModstamp: sfDate(contact.LastModifiedDate),
	};
}

function select(contact: SalesforceContact, fields: string[], version: string): Record<string, unknown> {
	const full = render(contact, version);
	const picked: Record<string, unknown> = { attributes: full.attributes };
	for (const field of fields) picked[field] = full[field] ?? null;
	return picked;
}
