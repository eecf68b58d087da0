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
import { FakeIngestJobs } from './fake-salesforce-ingest';
import {
	duplicateExternalId,
	failed,
	repeatedValues,
	type SalesforceDml,
	type SaveError,
	type SaveResult,
} from './fake-salesforce-save';

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
const BOOLEAN_FIELDS = new Set(['DoNotCall', 'HasOptedOutOfEmail', 'HasOptedOutOfFax', 'IsDeleted']);
/** Records an sObject Collections call takes (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm). */
const COLLECTION_LIMIT = 200;

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
 * sObject Collections (`/composite/sobjects`): create (POST), update (PATCH, `id` per record),
 * upsert by external id (PATCH `/composite/sobjects/Contact/{field}`, API 46.0+) and delete (DELETE
 * `?ids=`), up to 200 records (more is `EXCEEDED_ID_LIMIT`), answered 200 with one SaveResult per
 * record in order; each record succeeds or fails on its own, or with `allOrNone` none is kept
 * (`ALL_OR_NONE_OPERATION_ROLLED_BACK`). A field Contact does not have refuses the whole call. An
 * external id repeated within a call fails each of its records (`DUPLICATE_VALUE`).
 * Bulk API 2.0 ingest jobs: see FakeIngestJobs (`ingest`). Records in `lockedIds` are held by another
 * transaction: writing them fails with `UNABLE_TO_LOCK_ROW`. `apiCalls` counts API calls as the org does.
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
	/** Ids of contacts another transaction holds locked. */
	readonly lockedIds = new Set<string>();
	private readonly cursors = new Map<string, SalesforceContact[]>();
	private readonly nextId = idSequence('003FAKE', 11);
	private clock = Date.parse('2024-01-01T00:00:00Z');
	private callCount = 0;
	private issued = 0;
	private readonly dml: SalesforceDml = {
		insert: (fields) => this.insertOne(fields),
		update: (id, fields) => this.updateOne(id, fields),
		upserter: (field) => {
			const index = this.externalIdIndex(field);
			return (value, fields) => this.upsertOne(field, value, fields, index.get(value) ?? []);
		},
		delete: (id, options) => this.deleteOne(id, options?.hard === true),
		isExternalId: (name) => this.externalIdFields.has(name),
		unknownField: (names) => this.unknownField(names),
		isBoolean: (name) => BOOLEAN_FIELDS.has(name),
	};
	/** Bulk API 2.0 ingest jobs on Contact. */
	readonly ingest = new FakeIngestJobs(this.dml, 'Contact');

	get accessToken(): string {
		return [...this.accessTokens][0];
	}

	/** API calls the org counted: every authenticated request is one, as Salesforce counts them. */
	get apiCalls(): number {
		return this.callCount;
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
				handler: () => ({ status: 200, body: { DailyApiRequests: { Max: 15000, Remaining: 15000 - this.callCount } } }),
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
				handler: (request) => {
					const fields = jsonBody(request);
					return this.restWrite(fields, () => this.insertOne(fields), 201);
				},
			},
			{
				method: 'PATCH',
				path: `${data}/sobjects/Contact/:id`,
				handler: (request) =>
					this.withContact(request, (contact) => {
						const fields = jsonBody(request);
						return this.restWrite(fields, () => this.updateOne(contact.Id, fields), 204);
					}),
			},
			{
				method: 'DELETE',
				path: `${data}/sobjects/Contact/:id`,
				handler: (request) =>
					this.withContact(request, (contact) => this.restWrite({}, () => this.deleteOne(contact.Id, false), 204)),
			},
			{ method: 'PATCH', path: `${data}/sobjects/Contact/:field/:value`, handler: (request) => this.upsert(request) },
			{ method: 'POST', path: `${data}/composite/sobjects`, handler: (request) => this.collection(request, 'create') },
			{ method: 'PATCH', path: `${data}/composite/sobjects`, handler: (request) => this.collection(request, 'update') },
			{ method: 'DELETE', path: `${data}/composite/sobjects`, handler: (request) => this.deleteCollection(request) },
			{
				method: 'PATCH',
				path: `${data}/composite/sobjects/:sobject/:field`,
				handler: (request) => this.collection(request, 'upsert'),
			},
			...this.ingest.routes(data),
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const token = presentedSecret(request, salesforce.credential);
		if (token !== undefined && this.accessTokens.has(token)) {
			this.callCount += 1;
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
		return { 'sforce-limit-info': `api-usage=${this.callCount}/15000` };
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
		if (!this.externalIdFields.has(field)) return externalIdFieldNotFound(field);
		const body = jsonBody(request);
		const unknown = this.unknownFieldResponse(Object.keys(body));
		if (unknown !== undefined) return unknown;
		if (field in body) {
			return {
				status: 400,
				body: [
					{ message: `The external ID field ${field} is in the request body and the URL`, errorCode: 'INVALID_FIELD' },
				],
			};
		}
		const matches = this.withExternalId(field, value);
		if (matches.length > 1)
			return {
				status: 300,
				body: matches.map((contact) => `/services/data/${version}/sobjects/Contact/${contact.Id}`),
			};
		const saved = this.upsertOne(field, value, body, matches);
		if (!saved.success) return { status: 400, body: restErrors(saved.errors) };
		if (saved.created === true) return { status: 201, body: saved };
		if (Number(version.replace(/^v/, '')) < 46) return { status: 204 };
		return { status: 200, body: saved };
	}

	/** sObject Collections create, update or upsert: one SaveResult per record, in order. */
	private collection(request: FakeRequest, kind: 'create' | 'update' | 'upsert'): FakeResponse {
		const { field, sobject } = request.params;
		if (kind === 'upsert') {
			if (sobject !== 'Contact') return { status: 404, body: this.errorBody(404, '') };
			if (!this.externalIdFields.has(field)) return externalIdFieldNotFound(field);
		}
		const body = jsonBody(request);
		if (!Array.isArray(body.records))
			return { status: 400, body: [{ message: 'Required field missing: records', errorCode: 'JSON_PARSER_ERROR' }] };
		const records = body.records as Record<string, unknown>[];
		if (records.length > COLLECTION_LIMIT) return exceededIdLimit();
		const types = records.map(recordType);
		const untyped = types.findIndex((type) => typeof type !== 'string');
		if (untyped !== -1)
			return {
				status: 400,
				body: [
					{ message: `No sObject type was specified for the record at index ${untyped}`, errorCode: 'INVALID_TYPE' },
				],
			};
		const otherType = types.find((type) => type !== 'Contact');
		if (otherType !== undefined)
			return {
				status: 400,
				body: [{ message: `sObject type '${String(otherType)}' is not supported.`, errorCode: 'INVALID_TYPE' }],
			};
		const rows = records.map(recordFields);
		const unknown = this.unknownFieldResponse(rows.flatMap((row) => Object.keys(row)));
		if (unknown !== undefined) return unknown;

		const keyOf = (row: Record<string, unknown>) => {
			const value = row[field];
			return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
		};
		const repeated = repeatedValues(kind === 'upsert' ? rows.map(keyOf) : []);
		const upsert = kind === 'upsert' ? this.dml.upserter(field) : undefined;
		const save = (row: Record<string, unknown>): SaveResult => {
			if (kind === 'create') return this.insertOne(row);
			const { Id: id, ...fields } = row;
			if (upsert === undefined)
				return typeof id === 'string'
					? this.updateOne(id, fields)
					: failed('MISSING_ARGUMENT', 'Id not specified in an update call');
			const key = keyOf(row);
			if (key === undefined) return failed('MISSING_ARGUMENT', `${field} not specified`, [field]);
			if (repeated.has(key)) return duplicateExternalId(field, key);
			const others = { ...row };
			delete others[field];
			return upsert(key, others);
		};
		return { status: 200, body: this.atomically(body.allOrNone === true, () => rows.map(save), kind === 'create') };
	}

	private deleteCollection(request: FakeRequest): FakeResponse {
		const ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
		if (ids.length > COLLECTION_LIMIT) return exceededIdLimit();
		const allOrNone = request.query.get('allOrNone') === 'true';
		return { status: 200, body: this.atomically(allOrNone, () => ids.map((id) => this.deleteOne(id, false)), false) };
	}

	/**
	 * With allOrNone, a call that failed for any record keeps none of them: the state before it
	 * comes back, and the records that were fine fail with ALL_OR_NONE_OPERATION_ROLLED_BACK.
	 */
	private atomically(allOrNone: boolean, save: () => SaveResult[], creates: boolean): SaveResult[] {
		const restore = allOrNone ? this.snapshot() : undefined;
		const results = save();
		if (restore === undefined || results.every((result) => result.success)) return results;
		restore();
		return results.map((result) => {
			if (!result.success) return result;
			// A record the call created is gone again, and so is its id.
			const keepsId = !creates && result.created !== true;
			return failed(
				'ALL_OR_NONE_OPERATION_ROLLED_BACK',
				'Record rolled back because not all records were valid and the request was using AllOrNone header',
				[],
				keepsId ? result.id : undefined,
			);
		});
	}

	private snapshot(): () => void {
		const contacts = this.contacts.map((contact) => [contact, { ...contact }] as const);
		const deleted = [...this.deletedIds];
		const clock = this.clock;
		return () => {
			const restored = contacts.map(([contact, copy]) => {
				for (const name of Object.keys(contact)) delete (contact as Record<string, unknown>)[name];
				return Object.assign(contact, copy);
			});
			this.contacts.splice(0, this.contacts.length, ...restored);
			this.deletedIds.clear();
			for (const id of deleted) this.deletedIds.add(id);
			this.clock = clock;
		};
	}

	private insertOne(fields: Record<string, unknown>): SaveResult {
		if ('Id' in fields) return failed('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
		const refused = readOnlyError(fields) ?? requiredError(fields, true);
		if (refused !== undefined) return { success: false, errors: [refused] };
		return { id: this.insert(fields).Id, success: true, errors: [] };
	}

	private updateOne(id: string, fields: Record<string, unknown>): SaveResult {
		const contact = this.contacts.find((candidate) => candidate.Id === id);
		return contact === undefined ? this.missing(id) : this.change(contact, fields);
	}

	/** `matches`: the contacts whose `field` holds `value`. */
	private upsertOne(
		field: string,
		value: string,
		fields: Record<string, unknown>,
		matches: readonly SalesforceContact[],
	): SaveResult {
		if (matches.length > 1)
			return failed(
				'DUPLICATE_EXTERNAL_ID',
				`${field}: more than one record found for external id field: [${matches.map((contact) => contact.Id).join(', ')}]`,
				[field],
			);
		if (matches.length === 1) return { ...this.change(matches[0], fields), created: false };
		const refused = readOnlyError(fields) ?? requiredError(fields, true);
		if (refused !== undefined) return { success: false, errors: [refused] };
		return { id: this.insert({ ...fields, [field]: value }).Id, success: true, errors: [], created: true };
	}

	private deleteOne(id: string, hard: boolean): SaveResult {
		const contact = this.contacts.find((candidate) => candidate.Id === id);
		if (contact === undefined) return this.missing(id);
		if (this.lockedIds.has(id)) return locked(id);
		this.contacts.splice(this.contacts.indexOf(contact), 1);
		if (!hard) this.deletedIds.add(id);
		return { id, success: true, errors: [] };
	}

	/** Changes an existing contact, as an update or an upsert that matched it. */
	private change(contact: SalesforceContact, fields: Record<string, unknown>): SaveResult {
		if (this.lockedIds.has(contact.Id)) return locked(contact.Id);
		const refused = readOnlyError(fields) ?? requiredError(fields, false);
		if (refused !== undefined) return { id: contact.Id, success: false, errors: [refused] };
		this.touch(contact, fields);
		return { id: contact.Id, success: true, errors: [] };
	}

	/** A record id that names no contact: in the recycle bin, or never one. */
	private missing(id: string): SaveResult {
		return this.deletedIds.has(id)
			? failed('ENTITY_IS_DELETED', 'entity is deleted', [], id)
			: failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [], id);
	}

	private withExternalId(field: string, value: string): SalesforceContact[] {
		return this.externalIdIndex(field).get(value) ?? [];
	}

	/** Contacts by their value of an external id field. Within one call it stays true: a call never changes a record's key. */
	private externalIdIndex(field: string): Map<string, SalesforceContact[]> {
		const index = new Map<string, SalesforceContact[]>();
		for (const contact of this.contacts) {
			const stored = contact[field];
			if (stored === undefined || stored === null) continue;
			index.set(String(stored), [...(index.get(String(stored)) ?? []), contact]);
		}
		return index;
	}

	/** A field name Contact does not have; a record's `attributes` (its type) is not a field. */
	private unknownField(names: readonly string[]): string | undefined {
		return names.find((name) => !WRITABLE_FIELDS.has(name) && !READ_ONLY_FIELDS.has(name) && name !== 'attributes');
	}

	/** A write naming a field the Contact does not have is refused whole with INVALID_FIELD. */
	private unknownFieldResponse(names: readonly string[]): FakeResponse | undefined {
		const unknown = this.unknownField(names);
		if (unknown === undefined) return undefined;
		return {
			status: 400,
			body: [{ message: `No such column '${unknown}' on sobject of type Contact`, errorCode: 'INVALID_FIELD' }],
		};
	}

	/**
	 * One record through the REST API: a field it does not know refuses the call, the record's errors
	 * answer 400; a create answers 201 with its SaveResult, an update or delete 204.
	 */
	private restWrite(fields: Record<string, unknown>, save: () => SaveResult, status: 201 | 204): FakeResponse {
		const unknown = this.unknownFieldResponse(Object.keys(fields));
		if (unknown !== undefined) return unknown;
		const saved = save();
		if (!saved.success) return { status: 400, body: restErrors(saved.errors) };
		return status === 201 ? { status, body: saved } : { status };
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
 * A write naming a system field is refused with INVALID_FIELD_FOR_INSERT_UPDATE
 * (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm).
 */
function readOnlyError(fields: Record<string, unknown>): SaveError | undefined {
	const readOnly = Object.keys(fields).filter((name) => READ_ONLY_FIELDS.has(name));
	if (readOnly.length === 0) return undefined;
	return {
		statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
		message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
		fields: readOnly,
	};
}

/** A Contact needs a LastName: a create must give one, an update may not clear it. */
function requiredError(fields: Record<string, unknown>, creating: boolean): SaveError | undefined {
	const lastName = fields.LastName;
	const missing = creating ? typeof lastName !== 'string' || lastName === '' : lastName === null || lastName === '';
	return missing
		? { statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }
		: undefined;
}

function locked(id: string): SaveResult {
	return failed('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id}`, [], id);
}

function exceededIdLimit(): FakeResponse {
	return {
		status: 400,
		body: [
			{
				message: `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`,
				errorCode: 'EXCEEDED_ID_LIMIT',
			},
		],
	};
}

function externalIdFieldNotFound(field: string): FakeResponse {
	return {
		status: 404,
		body: [
			{ message: `Provided external ID field does not exist or is not accessible: ${field}`, errorCode: 'NOT_FOUND' },
		],
	};
}

function recordType(record: Record<string, unknown>): unknown {
	return (record.attributes as { type?: unknown } | undefined)?.type;
}

/** A record's fields without its `attributes`; field names are case-insensitive, so its `id` is its Id. */
function recordFields(record: Record<string, unknown>): Record<string, unknown> {
	const fields = { ...record };
	delete fields.attributes;
	if ('id' in fields) {
		fields.Id = fields.id;
		delete fields.id;
	}
	return fields;
}

/** A record's errors as the REST API answers them for one record. */
function restErrors(errors: readonly SaveError[]): { message: string; errorCode: string; fields: string[] }[] {
	return errors.map((error) => ({ message: error.message, errorCode: error.statusCode, fields: error.fields }));
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
