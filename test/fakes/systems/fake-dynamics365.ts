import { randomUUID } from 'node:crypto';
import { dynamics365 } from '../../../runtime/connectors';
import {
	httpResponsePart,
	multipartBody,
	nestedPart,
	readBatchParts,
	type BatchPart,
	type CarriedRequest,
} from './fake-multipart';
import {
	FakeSystem,
	formBody,
	jsonBody,
	presentedSecret,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from './fake-server';

/** An attribute of a table's metadata (`EntityDefinitions(LogicalName='…')/Attributes`), the properties SyncBridge reads. */
export interface AttributeMetadata {
	LogicalName: string;
	SchemaName: string;
	AttributeType: string;
	AttributeOf: string | null;
	IsCustomAttribute: boolean;
	IsValidForCreate: boolean;
	IsValidForUpdate: boolean;
	DisplayName: { UserLocalizedLabel: { Label: string; LanguageCode: number } | null };
	Description: { UserLocalizedLabel: { Label: string; LanguageCode: number } | null };
	RequiredLevel: { Value: 'None' | 'SystemRequired' | 'ApplicationRequired' | 'Recommended'; CanBeChanged: boolean };
}

/** An alternate key of a table (`EntityDefinitions(LogicalName='…')/Keys`). */
export interface EntityKeyMetadata {
	LogicalName: string;
	KeyAttributes: string[];
	EntityKeyIndexStatus: 'Active' | 'Pending' | 'Failed';
}

interface EntitySet {
	/** The entity type's logical name, as in `Microsoft.Dynamics.CRM.<entityType>`. */
	entityType: string;
	idField: string;
	/** Columns a client may write. */
	writable: ReadonlySet<string>;
	/** Columns Dataverse sets itself (readable, `$select`-able). */
	system: ReadonlySet<string>;
	/** Single-valued navigation properties a client may bind (`<name>@odata.bind`). */
	navigations: ReadonlySet<string>;
	records: Record<string, unknown>[];
	/** The same records by id, kept with `records` (a first sync writes thousands). */
	byId: Map<unknown, Record<string, unknown>>;
}

const SYSTEM_COLUMNS = ['createdon', 'modifiedon', 'versionnumber'];
/** Requests one `$batch` may hold, change sets' included. */
const BATCH_LIMIT = 1000;

function entitySet(
	entityType: string,
	idField: string,
	writable: string[],
	system: string[] = [],
	navigations: string[] = [],
): EntitySet {
	return {
		entityType,
		idField,
		writable: new Set(writable),
		system: new Set([idField, ...SYSTEM_COLUMNS, ...system]),
		navigations: new Set(navigations),
		records: [],
		byId: new Map(),
	};
}

/**
 * Dataverse Web API v9.2 behind a Microsoft identity platform token endpoint (client credentials,
 * scope `<environment>/.default`): entity sets answer `{@odata.context, value, @odata.nextLink}`
 * honouring `Prefer: odata.maxpagesize`, `$select`, `$filter=modifiedon ge|gt <date>` and
 * `$orderby=modifiedon` (the next link repeats the query options), creates answer 204 with
 * `OData-EntityId` (201 with the record under `Prefer: return=representation`, PATCH then 200),
 * PATCH upserts unless `If-Match: *`, a lookup is set with `<navigation>@odata.bind: "/<set>(<id>)"`
 * and read back as `_<navigation>_value`, a property the table does not have is a 400, every write
 * gives the record a new `@odata.etag` and a stale `If-Match` is a 412, `If-None-Match` with the
 * current etag a 304, `modifiedon` has whole seconds, errors are `{error: {code, message}}`, a missing
 * token is a bare 401 with `WWW-Authenticate`, throttling is 429 with Retry-After. Table metadata: each table's attributes
 * (`EntityDefinitions(LogicalName='contact')/Attributes`, honouring `$select`, custom columns such as
 * `sb_membernumber` included) and alternate keys (`…/Keys`) from `attributes` and `keys`.
 * `$batch` as documented: multipart/mixed of requests and change sets (atomic, `Content-ID`
 * references as `$<id>`), at most 1000 requests, answered in order as `application/http` parts;
 * the first failure ends the batch (its status the batch's) unless `Prefer: odata.continue-on-error`.
 */
export class FakeDynamics365 extends FakeSystem {
	readonly tenantId = 'fake-tenant';
	readonly clientId = 'fake-client-id';
	readonly clientSecret = 'fake-client-secret';
	readonly issuedTokens = new Set<string>();
	readonly entitySets = new Map<string, EntitySet>([
		[
			'contacts',
			entitySet(
				'contact',
				'contactid',
				[
					'firstname',
					'lastname',
					'emailaddress1',
					'telephone1',
					'mobilephone',
					'birthdate',
					'jobtitle',
					'description',
					'address1_line1',
					'address1_city',
					'address1_postalcode',
					'address1_country',
					'statecode',
					'statuscode',
					'sb_membernumber',
				],
				['fullname'],
			),
		],
		[
			'new_memberships',
			entitySet(
				'new_membership',
				'new_membershipid',
				['new_name', 'new_startdate', 'new_enddate', 'new_fee', 'statecode', 'statuscode'],
				['_new_contact_value'],
				['new_Contact'],
			),
		],
		[
			'serviceendpoints',
			entitySet('serviceendpoint', 'serviceendpointid', [
				'name',
				'url',
				'contract',
				'authtype',
				'authvalue',
				'description',
				'messageformat',
				'namespaceaddress',
				'path',
				'userclaim',
			]),
		],
	]);
	/** Attribute metadata per table logical name; add custom columns here. */
	readonly attributes = new Map<string, AttributeMetadata[]>([
		['contact', contactAttributes()],
		['new_membership', membershipAttributes()],
	]);
	/** Alternate keys per table logical name. */
	readonly keys = new Map<string, EntityKeyMetadata[]>([
		[
			'contact',
			[{ LogicalName: 'sb_membernumber_key', KeyAttributes: ['sb_membernumber'], EntityKeyIndexStatus: 'Active' }],
		],
		['new_membership', []],
	]);
	private version = 1000;
	private burstRemaining = 8000;

	seed(entitySet: string, records: Record<string, unknown>[]): Record<string, unknown>[] {
		const set = this.set(entitySet);
		const stored = records.map((record) => this.stamp({ [set.idField]: randomUUID(), ...record }));
		for (const record of stored) keep(set, record);
		return stored;
	}

	/** A person edits a record in Dynamics (not through the API SyncBridge uses). */
	edit(entitySet: string, id: string, fields: Record<string, unknown>): Record<string, unknown> {
		const set = this.set(entitySet);
		const record = set.byId.get(id);
		if (record === undefined) throw new Error(`No ${entitySet} ${id}`);
		return this.stamp(Object.assign(record, fields));
	}

	records(entitySet: string): Record<string, unknown>[] {
		return this.set(entitySet).records;
	}

	protected routes(): Route[] {
		const api = '/api/data/v9.2';
		return [
			{ method: 'POST', path: '/:tenant/oauth2/v2.0/token', public: true, handler: (request) => this.token(request) },
			// A function without parameters answers with or without its parentheses (dynamics-web-api sends `WhoAmI()`;
			// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/use-web-api-functions).
			...['WhoAmI', 'WhoAmI()'].map((name) => ({
				method: 'GET',
				path: `${api}/${name}`,
				handler: () => ({
					status: 200,
					body: {
						'@odata.context': `${this.url}${api}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
						BusinessUnitId: randomUUID(),
						UserId: randomUUID(),
						OrganizationId: randomUUID(),
					},
				}),
			})),
			{
				method: 'GET',
				path: `${api}/EntityDefinitions(LogicalName=':table')/Attributes`,
				handler: (request) => this.metadata(request, this.attributes),
			},
			{
				method: 'GET',
				path: `${api}/EntityDefinitions(LogicalName=':table')/Keys`,
				handler: (request) => this.metadata(request, this.keys),
			},
			{ method: 'POST', path: `${api}/$batch`, handler: (request) => this.batch(request) },
			{
				method: 'GET',
				path: `${api}/:set`,
				handler: (request) => this.withSet(request, (set) => this.list(request, set)),
			},
			{
				method: 'POST',
				path: `${api}/:set`,
				handler: (request) => this.withSet(request, (set) => this.create(request, set)),
			},
			{
				method: 'GET',
				path: `${api}/:set(:id)`,
				handler: (request) => this.withRecord(request, (record, set) => this.retrieve(request, set, record)),
			},
			{
				method: 'PATCH',
				path: `${api}/:set(:id)`,
				handler: (request) => this.withSet(request, (set) => this.patch(request, set)),
			},
			{
				method: 'DELETE',
				path: `${api}/:set(:id)`,
				handler: (request) =>
					this.withRecord(request, (record, set) => {
						const stale = staleVersion(request, record);
						if (stale !== undefined) return stale;
						set.records.splice(set.records.indexOf(record), 1);
						set.byId.delete(record[set.idField]);
						return { status: 204 };
					}),
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const token = presentedSecret(request, dynamics365.credential);
		if (token !== undefined && this.issuedTokens.has(token)) {
			this.burstRemaining -= 1;
			return undefined;
		}
		return {
			status: 401,
			headers: {
				'www-authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/${this.tenantId}/oauth2/authorize, resource_id=${this.url}`,
			},
		};
	}

	protected errorBody(status: number, message: string): unknown {
		if (status === 429)
			return {
				error: {
					code: '0x80072322',
					message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
				},
			};
		return { error: { code: status >= 500 ? '0x80040216' : '0x80040217', message } };
	}

	protected responseHeaders(): Record<string, string> {
		return { 'odata-version': '4.0', 'x-ms-ratelimit-burst-remaining-xrm-requests': String(this.burstRemaining) };
	}

	private token(request: FakeRequest): FakeResponse {
		const form = formBody(request);
		if (request.params.tenant !== this.tenantId) {
			return {
				status: 400,
				body: aadError('invalid_request', `AADSTS90002: Tenant '${request.params.tenant}' not found.`, 90002),
			};
		}
		if (form.grant_type !== 'client_credentials') {
			return {
				status: 400,
				body: aadError('unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.', 70003),
			};
		}
		if (form.client_id !== this.clientId) {
			return {
				status: 400,
				body: aadError(
					'unauthorized_client',
					`AADSTS700016: Application with identifier '${String(form.client_id)}' was not found in the directory.`,
					700016,
				),
			};
		}
		if (form.client_secret !== this.clientSecret) {
			return {
				status: 401,
				body: aadError(
					'invalid_client',
					'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
					7000215,
				),
			};
		}
		if (form.scope !== `${this.url}/.default`) {
			return {
				status: 400,
				body: aadError(
					'invalid_scope',
					`AADSTS1002012: The provided value for scope ${String(form.scope)} is not valid.`,
					1002012,
				),
			};
		}
		const accessToken = `eyFake.${randomUUID()}`;
		this.issuedTokens.add(accessToken);
		return {
			status: 200,
			body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken },
		};
	}

	private metadata(request: FakeRequest, source: ReadonlyMap<string, readonly object[]>): FakeResponse {
		const table = request.params.table;
		const entries = source.get(table);
		if (entries === undefined)
			return {
				status: 404,
				body: this.errorBody(404, `Could not find an entity with specified LogicalName = ${table}.`),
			};
		const select = request.query
			.get('$select')
			?.split(',')
			.map((column) => column.trim())
			.filter(Boolean);
		const kind = source === this.attributes ? 'Attributes' : 'Keys';
		const value = entries.map((entry) => {
			const shown =
				select === undefined
					? entry
					: Object.fromEntries(Object.entries(entry).filter(([name]) => select.includes(name)));
			return { ...shown, MetadataId: randomUUID() };
		});
		return {
			status: 200,
			body: { '@odata.context': `${this.url}/api/data/v9.2/$metadata#EntityDefinitions('${table}')/${kind}`, value },
		};
	}

	private list(request: FakeRequest, set: EntitySet): FakeResponse {
		const requested = /odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ''))?.[1];
		const pageSize = Math.min(Number(requested ?? 5000), 5000);
		const skipToken = request.query.get('$skiptoken');
		const pageNumber = skipToken === null ? 1 : Number(/pagenumber="(\d+)"/.exec(skipToken)?.[1] ?? NaN);
		if (!Number.isInteger(pageNumber)) return { status: 400, body: this.errorBody(400, 'Invalid $skiptoken') };
		const filter = modifiedFilter(request.query.get('$filter'));
		if (filter instanceof Error) return { status: 400, body: this.errorBody(400, filter.message) };
		const order = request.query.get('$orderby');
		if (order !== null && !/^modifiedon( asc| desc)?$/.test(order))
			return { status: 400, body: this.errorBody(400, `The $orderby '${order}' is not supported by this fake.`) };
		const matching = set.records.filter(filter);
		if (order !== null) {
			const direction = order.endsWith(' desc') ? -1 : 1;
			matching.sort((a, b) => direction * (Date.parse(String(a.modifiedon)) - Date.parse(String(b.modifiedon))));
		}
		const select = selectedColumns(request, set);
		if (select instanceof Error)
			return { status: 400, body: { error: { code: '0x80060888', message: select.message } } };
		const offset = (pageNumber - 1) * pageSize;
		const value = matching
			.slice(offset, offset + pageSize)
			.map((record) => ({ '@odata.etag': etag(record), ...selected(record, set.idField, select) }));
		const body: Record<string, unknown> = {
			'@odata.context': `${this.url}/api/data/v9.2/$metadata#${request.params.set}`,
			value,
		};
		if (offset + value.length < matching.length) {
			const cookie = `<cookie pagenumber="${pageNumber + 1}" pagingcookie="" istracking="False" />`;
			const options = [...[...request.query].filter(([name]) => name !== '$skiptoken'), ['$skiptoken', cookie]];
			body['@odata.nextLink'] =
				`${this.url}/api/data/v9.2/${request.params.set}?${options.map(([name, option]) => `${name}=${encodeURIComponent(option)}`).join('&')}`;
		}
		return {
			status: 200,
			headers: requested === undefined ? {} : { 'preference-applied': `odata.maxpagesize=${pageSize}` },
			body,
		};
	}

	/** GET of one record: `$select`, the etag as header and annotation, 304 when `If-None-Match` is current. */
	private retrieve(request: FakeRequest, set: EntitySet, record: Record<string, unknown>): FakeResponse {
		const select = selectedColumns(request, set);
		if (select instanceof Error)
			return { status: 400, body: { error: { code: '0x80060888', message: select.message } } };
		if (request.headers['if-none-match'] === etag(record)) return { status: 304, headers: { etag: etag(record) } };
		return { status: 200, headers: { etag: etag(record) }, body: this.representation(request, set, record, select) };
	}

	private create(request: FakeRequest, set: EntitySet): FakeResponse {
		const fields = this.boundFields(jsonBody(request), set);
		if ('status' in fields) return fields;
		const id = randomUUID();
		const record = this.stamp({ ...fields.values, [set.idField]: id, createdon: modifiedNow() });
		keep(set, record);
		return this.written(request, set, record, 201);
	}

	private patch(request: FakeRequest, set: EntitySet): FakeResponse {
		const fields = this.boundFields(jsonBody(request), set);
		if ('status' in fields) return fields;
		const existing = set.byId.get(request.params.id);
		if (existing === undefined) {
			if (request.headers['if-match'] !== undefined)
				return {
					status: 404,
					body: this.errorBody(404, `${set.entityType} With Id = ${request.params.id} Does Not Exist`),
				};
			const record = this.stamp({ ...fields.values, [set.idField]: request.params.id, createdon: modifiedNow() });
			keep(set, record);
			return this.written(request, set, record, 201);
		}
		if (request.headers['if-none-match'] === '*')
			return {
				status: 412,
				body: { error: { code: '0x80040237', message: 'A record with matching key values already exists.' } },
			};
		const stale = staleVersion(request, existing);
		if (stale !== undefined) return stale;
		this.stamp(Object.assign(existing, fields.values, { [set.idField]: request.params.id }));
		return this.written(request, set, existing, 200);
	}

	/**
	 * `$batch` (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api).
	 * Every carried request counts against the service protection limits like one sent alone. How
	 * Dataverse words a batch over the limit is not documented; the limit is.
	 */
	private async batch(request: FakeRequest): Promise<FakeResponse> {
		const parts = readBatchParts(request.headers['content-type'], request.rawBody);
		if (parts instanceof Error) return { status: 400, body: this.errorBody(400, parts.message) };
		const problem = batchProblem(parts);
		if (problem !== undefined) return { status: 400, body: this.errorBody(400, problem) };
		const count = parts.reduce((sum, part) => sum + (part.parts?.length ?? 1), 0);
		if (count > BATCH_LIMIT)
			return {
				status: 400,
				body: this.errorBody(400, `The batch holds ${count} requests; a batch can contain up to ${BATCH_LIMIT}.`),
			};
		this.burstRemaining -= count;
		const continueOnError = /\bodata\.continue-on-error\b/.test(String(request.headers.prefer ?? ''));
		const answered: string[] = [];
		let stoppedWith: number | undefined;
		for (const part of parts) {
			const outcome =
				part.parts === undefined
					? await this.batchRequest(part.request as CarriedRequest, part.headers['content-id'], new Map())
					: await this.changeSet(part.parts);
			answered.push(outcome.part);
			if (outcome.failed !== undefined && !continueOnError) {
				stoppedWith = outcome.failed;
				break;
			}
		}
		const boundary = `batchresponse_${randomUUID()}`;
		return {
			status: stoppedWith ?? 200,
			contentType: `multipart/mixed; boundary=${boundary}`,
			body: multipartBody(boundary, answered),
		};
	}

	/** A change set: all its requests or none (what the first failure wrote is rolled back; that failure is its answer). */
	private async changeSet(parts: BatchPart[]): Promise<{ part: string; failed?: number }> {
		const before = new Map([...this.entitySets].map(([name, set]) => [name, structuredClone(set.records)]));
		const contentIds = new Map<string, string>();
		const answered: string[] = [];
		for (const part of parts) {
			const contentId = part.headers['content-id'];
			const outcome = await this.batchRequest(part.request as CarriedRequest, contentId, contentIds);
			if (outcome.failed !== undefined) {
				for (const [name, records] of before) {
					const set = this.set(name);
					set.records.splice(0, Infinity);
					set.byId.clear();
					for (const record of records) keep(set, record);
				}
				return outcome;
			}
			if (contentId !== undefined && outcome.entityId !== undefined) contentIds.set(contentId, outcome.entityId);
			answered.push(outcome.part);
		}
		return { part: nestedPart(`changesetresponse_${randomUUID()}`, answered) };
	}

	/**
	 * One carried request: its URL absolute, an absolute path, relative to the service root, or (in
	 * a change set) `$<Content-ID>` of an earlier request, which `@odata.bind` values may name too.
	 */
	private async batchRequest(
		carried: CarriedRequest,
		contentId: string | undefined,
		contentIds: ReadonlyMap<string, string>,
	): Promise<{ part: string; failed?: number; entityId?: string }> {
		const service = `${this.url}/api/data/v9.2/`;
		const resolved = resolveReferences(carried, contentIds);
		const response =
			resolved instanceof Error
				? { status: 400, body: this.errorBody(400, resolved.message) }
				: await this.respondInBatch(carried.method, new URL(resolved.target, service), carried.headers, resolved.body);
		const partHeaders: Record<string, string> = contentId === undefined ? {} : { 'Content-ID': contentId };
		const part = httpResponsePart(
			{ ...response, headers: { 'OData-Version': '4.0', ...response.headers } },
			partHeaders,
		);
		return {
			part,
			...(response.status >= 400 ? { failed: response.status } : {}),
			...(response.headers?.['odata-entityid'] === undefined ? {} : { entityId: response.headers['odata-entityid'] }),
		};
	}

	/**
	 * The answer to a write: 204 with `OData-EntityId`, or the record itself under
	 * `Prefer: return=representation` (201 created, 200 updated)
	 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/create-entity-web-api#create-with-data-returned,
	 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/update-delete-entities-using-web-api#update-with-data-returned).
	 */
	private written(
		request: FakeRequest,
		set: EntitySet,
		record: Record<string, unknown>,
		representationStatus: 200 | 201,
	): FakeResponse {
		const headers = {
			'odata-entityid': `${this.url}/api/data/v9.2/${request.params.set}(${String(record[set.idField])})`,
			etag: etag(record),
		};
		if (!String(request.headers.prefer ?? '').includes('return=representation')) return { status: 204, headers };
		const select = selectedColumns(request, set);
		if (select instanceof Error)
			return { status: 400, body: { error: { code: '0x80060888', message: select.message } } };
		return {
			status: representationStatus,
			headers: { ...headers, 'preference-applied': 'return=representation' },
			body: this.representation(request, set, record, select),
		};
	}

	private representation(
		request: FakeRequest,
		set: EntitySet,
		record: Record<string, unknown>,
		select: string[] | undefined,
	): Record<string, unknown> {
		return {
			'@odata.context': `${this.url}/api/data/v9.2/$metadata#${request.params.set}/$entity`,
			'@odata.etag': etag(record),
			...selected(record, set.idField, select),
		};
	}

	/** Every write moves `modifiedon` and `versionnumber`, so the record's etag changes. */
	private stamp(record: Record<string, unknown>): Record<string, unknown> {
		return Object.assign(record, { modifiedon: modifiedNow(), versionnumber: ++this.version });
	}

	/**
	 * The body with every `<navigation>@odata.bind: "/<set>(<id>)"` turned into the lookup column
	 * `_<navigation lowercased>_value` Dataverse reads back; a bind to a missing record is a 404.
	 */
	private boundFields(
		body: Record<string, unknown>,
		set: EntitySet,
	): { values: Record<string, unknown> } | FakeResponse {
		const values: Record<string, unknown> = {};
		for (const [key, value] of Object.entries(body)) {
			const navigation = /^(\w+)@odata\.bind$/.exec(key)?.[1];
			if (navigation === undefined) {
				// https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#identify-errors
				if (!set.writable.has(key)) {
					return {
						status: 400,
						body: {
							error: {
								code: '0x80060888',
								message: `The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${set.entityType}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
							},
						},
					};
				}
				values[key] = value;
				continue;
			}
			if (!set.navigations.has(navigation)) {
				return {
					status: 400,
					body: {
						error: {
							code: '0x80060888',
							message: `An undeclared property '${navigation}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
						},
					},
				};
			}
			const reference = /(?:^|\/)(\w+)\(([0-9a-fA-F-]{36})\)$/.exec(String(value));
			const target = reference === null ? undefined : this.entitySets.get(reference[1]);
			if (reference === null || target === undefined)
				return {
					status: 400,
					body: this.errorBody(400, `Invalid value '${String(value)}' for ${key}: expected /<entity set>(<id>).`),
				};
			if (!target.byId.has(reference[2])) {
				return { status: 404, body: this.errorBody(404, `${reference[1]} With Id = ${reference[2]} Does Not Exist`) };
			}
			values[`_${navigation.toLowerCase()}_value`] = reference[2];
		}
		return { values };
	}

	private set(name: string): EntitySet {
		const set = this.entitySets.get(name);
		if (set === undefined) throw new Error(`No entity set ${name}`);
		return set;
	}

	private withSet(request: FakeRequest, then: (set: EntitySet) => FakeResponse): FakeResponse {
		const set = this.entitySets.get(request.params.set);
		if (set === undefined)
			return { status: 404, body: this.errorBody(404, `Resource not found for the segment '${request.params.set}'.`) };
		return then(set);
	}

	private withRecord(
		request: FakeRequest,
		then: (record: Record<string, unknown>, set: EntitySet) => FakeResponse,
	): FakeResponse {
		return this.withSet(request, (set) => {
			const record = set.byId.get(request.params.id);
			return record === undefined
				? {
						status: 404,
						body: this.errorBody(404, `${request.params.set} With Id = ${request.params.id} Does Not Exist`),
					}
				: then(record, set);
		});
	}
}

function keep(set: EntitySet, record: Record<string, unknown>): void {
	set.records.push(record);
	set.byId.set(record[set.idField], record);
}

/** What Dataverse refuses in a batch's structure: a batch in a batch, a change set in a change set, a GET in a change set. */
function batchProblem(parts: readonly BatchPart[]): string | undefined {
	for (const part of parts) {
		const requests = part.parts ?? [part];
		if (requests.some((inner) => inner.parts !== undefined)) return 'A change set cannot contain another change set.';
		if (part.parts !== undefined && requests.some((inner) => inner.request?.method === 'GET'))
			return 'GET requests are not allowed within change sets.';
		if (requests.some((inner) => /(^|\/)\$batch(\?|$)/.test(inner.request?.target ?? '')))
			return 'Batch requests cannot contain other batch requests.';
	}
	return undefined;
}

/** `$<Content-ID>` in a carried request's URL and `@odata.bind` values, replaced by the URL of the record that request made. */
function resolveReferences(
	carried: CarriedRequest,
	contentIds: ReadonlyMap<string, string>,
): { target: string; body: string } | Error {
	const lookup = (reference: string): string | Error =>
		contentIds.get(reference) ??
		new Error(`Content-ID Reference: '$${reference}' does not exist in the batch context.`);
	const targetReference = /^\$(\w+)(.*)$/.exec(carried.target);
	const target = targetReference === null ? carried.target : lookup(targetReference[1]);
	if (target instanceof Error) return target;
	let body = carried.body;
	if (body !== '' && /"\$\w+"/.test(body)) {
		const values = JSON.parse(body) as Record<string, unknown>;
		for (const [key, value] of Object.entries(values)) {
			const reference = typeof value === 'string' && key.endsWith('@odata.bind') ? /^\$(\w+)$/.exec(value) : null;
			if (reference === null) continue;
			const url = lookup(reference[1]);
			if (url instanceof Error) return url;
			values[key] = url;
		}
		body = JSON.stringify(values);
	}
	return { target: targetReference === null ? target : `${target}${targetReference[2]}`, body };
}

/** An attribute's metadata: a standard, optional column valid for create and update unless `overrides` say otherwise. */
export function attribute(
	logicalName: string,
	label: string,
	type: string,
	overrides: Partial<AttributeMetadata> = {},
): AttributeMetadata {
	return {
		LogicalName: logicalName,
		SchemaName: logicalName,
		AttributeType: type,
		AttributeOf: null,
		IsCustomAttribute: false,
		IsValidForCreate: true,
		IsValidForUpdate: true,
		DisplayName: { UserLocalizedLabel: { Label: label, LanguageCode: 1033 } },
		Description: { UserLocalizedLabel: null },
		RequiredLevel: { Value: 'None', CanBeChanged: true },
		...overrides,
	};
}

const systemSet = { IsValidForCreate: false, IsValidForUpdate: false };
const described = (label: string) => ({ UserLocalizedLabel: { Label: label, LanguageCode: 1033 } });

function contactAttributes(): AttributeMetadata[] {
	return [
		attribute('contactid', 'Contact', 'Uniqueidentifier', {
			IsValidForUpdate: false,
			RequiredLevel: { Value: 'SystemRequired', CanBeChanged: false },
		}),
		attribute('firstname', 'First Name', 'String'),
		attribute('lastname', 'Last Name', 'String', {
			RequiredLevel: { Value: 'ApplicationRequired', CanBeChanged: true },
		}),
		attribute('fullname', 'Full Name', 'String', systemSet),
		attribute('emailaddress1', 'Email', 'String'),
		attribute('telephone1', 'Business Phone', 'String'),
		attribute('birthdate', 'Birthday', 'DateTime'),
		attribute('gendercode', 'Gender', 'Picklist'),
		attribute('statecode', 'Status', 'State', {
			IsValidForCreate: false,
			RequiredLevel: { Value: 'SystemRequired', CanBeChanged: false },
		}),
		attribute('ownerid', 'Owner', 'Owner', { RequiredLevel: { Value: 'SystemRequired', CanBeChanged: false } }),
		attribute('parentcustomerid', 'Company Name', 'Customer'),
		attribute('parentcustomeridname', 'parentcustomeridname', 'String', {
			...systemSet,
			AttributeOf: 'parentcustomerid',
		}),
		attribute('sb_membernumber', 'Member Number', 'String', {
			SchemaName: 'sb_MemberNumber',
			IsCustomAttribute: true,
			Description: described('The member number in the application'),
			RequiredLevel: { Value: 'Recommended', CanBeChanged: true },
		}),
		attribute('modifiedon', 'Modified On', 'DateTime', systemSet),
	];
}

function membershipAttributes(): AttributeMetadata[] {
	const custom = { IsCustomAttribute: true };
	return [
		attribute('new_membershipid', 'Membership', 'Uniqueidentifier', {
			...custom,
			IsValidForUpdate: false,
			RequiredLevel: { Value: 'SystemRequired', CanBeChanged: false },
		}),
		attribute('new_name', 'Name', 'String', {
			...custom,
			RequiredLevel: { Value: 'ApplicationRequired', CanBeChanged: true },
		}),
		attribute('new_startdate', 'Start Date', 'DateTime', custom),
		attribute('new_enddate', 'End Date', 'DateTime', custom),
		attribute('new_fee', 'Fee', 'Money', custom),
		attribute('new_contact', 'Contact', 'Lookup', { ...custom, SchemaName: 'new_Contact' }),
		attribute('new_contactname', 'new_contactname', 'String', { ...custom, ...systemSet, AttributeOf: 'new_contact' }),
		attribute('modifiedon', 'Modified On', 'DateTime', systemSet),
	];
}

/** Dataverse stamps modifiedon with whole seconds. */
function modifiedNow(): string {
	return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `$filter=modifiedon ge|gt <date>` as a predicate (the only filter this fake reads). */
function modifiedFilter(filter: string | null): ((record: Record<string, unknown>) => boolean) | Error {
	if (filter === null) return () => true;
	const match = /^modifiedon (ge|gt) (\S+)$/.exec(filter.trim());
	const since = match === null ? NaN : Date.parse(match[2]);
	if (match === null || Number.isNaN(since)) return new Error(`The $filter '${filter}' is not supported by this fake.`);
	return (record) => {
		const modified = Date.parse(String(record.modifiedon));
		return match[1] === 'ge' ? modified >= since : modified > since;
	};
}

function etag(record: Record<string, unknown>): string {
	return `W/"${String(record.versionnumber)}"`;
}

/**
 * Optimistic concurrency: an `If-Match` etag that is not the record's current one is a 412
 * (https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api#apply-optimistic-concurrency).
 */
function staleVersion(request: FakeRequest, record: Record<string, unknown>): FakeResponse | undefined {
	const ifMatch = request.headers['if-match'];
	if (ifMatch === undefined || ifMatch === '*' || ifMatch === etag(record)) return undefined;
	return {
		status: 412,
		body: {
			error: {
				code: '0x80060882',
				message: "The version of the existing record doesn't match the RowVersion property provided.",
			},
		},
	};
}

/** The `$select` columns, or the error for one the table does not have. */
function selectedColumns(request: FakeRequest, set: EntitySet): string[] | undefined | Error {
	const select = request.query
		.get('$select')
		?.split(',')
		.map((column) => column.trim())
		.filter(Boolean);
	const unknown = select?.find((column) => !set.writable.has(column) && !set.system.has(column));
	if (unknown !== undefined)
		return new Error(
			`Could not find a property named '${unknown}' on type 'Microsoft.Dynamics.CRM.${set.entityType}'.`,
		);
	return select;
}

/** `$select`: the chosen columns (null when the record has no value) plus the primary key. */
function selected(
	record: Record<string, unknown>,
	idField: string,
	columns: string[] | undefined,
): Record<string, unknown> {
	if (columns === undefined) return record;
	return Object.fromEntries(
		[idField, ...columns.filter((column) => column !== idField)].map((column) => [column, record[column] ?? null]),
	);
}

function aadError(error: string, description: string, code: number): unknown {
	return {
		error,
		error_description: description,
		error_codes: [code],
		timestamp: new Date().toISOString(),
		trace_id: randomUUID(),
		correlation_id: randomUUID(),
	};
}
