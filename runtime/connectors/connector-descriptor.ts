/**
 * A connector described as data (in the spirit of Airbyte's declarative manifests): everything that
 * differs between external systems lives here; the logic that reads it lives once, in this folder.
 */

import type { FieldSchema } from './field-schema';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type OperationName = 'list' | 'get' | 'create' | 'update' | 'delete' | 'upsert';

export type BodyEncoding = 'json' | 'form' | 'xml' | 'graphql';

/**
 * How requests are authenticated. Field names refer to keys of the credentials object.
 * `oauth2`: n8n's credential machinery attaches (and refreshes) the token; outside n8n a
 * `accessToken` in the credentials is sent as a Bearer token.
 */
export type AuthDescriptor =
	| { kind: 'none' }
	| { kind: 'bearer'; tokenField: string }
	| { kind: 'apiKeyHeader'; name: string; field: string; prefix?: string }
	| { kind: 'basic'; usernameField: string; passwordField: string }
	| { kind: 'oauth2'; tokenField?: string };

export type PaginationDescriptor =
	| { style: 'none' }
	/** Page numbers: ends on an empty page or one shorter than `size`. */
	| { style: 'page'; param: string; sizeParam?: string; size?: number; startsAt?: number }
	/** Offsets: ends on an empty page or one shorter than `limit`. */
	| { style: 'offset'; param: string; limitParam: string; limit: number }
	/**
	 * Opaque cursors: taken from the response (`cursorPosition`) or from the last record
	 * (`cursorFromRecord`, Stripe's `starting_after`); ends when `hasMorePosition` is false or
	 * the cursor is absent. `in: 'variables'` sends it as a GraphQL variable.
	 */
	| {
			style: 'cursor';
			param: string;
			cursorPosition?: string;
			cursorFromRecord?: string;
			hasMorePosition?: string;
			limitParam?: string;
			limit?: number;
			in?: 'query' | 'variables';
	  }
	/**
	 * A next link in the response body (`@odata.nextLink`, `nextRecordsUrl`), or with
	 * `tokenParam` a next-page token sent back as that query parameter (Google's `nextPageToken`).
	 */
	| { style: 'nextLink'; position: string; tokenParam?: string };

export interface RateLimitDescriptor {
	/** Header with the requests left in the window. */
	remainingHeader?: string;
	/** Header with the window's size. */
	limitHeader?: string;
	/** Header with the reset time. */
	resetHeader?: string;
	/** How the reset header counts: seconds from now, or a Unix time in seconds. */
	resetKind?: 'seconds' | 'epochSeconds';
	/** A combined usage header such as Salesforce's `Sforce-Limit-Info: api-usage=25/15000`. */
	usageHeader?: string;
	/** Defaults to `Retry-After` (seconds or an HTTP date). */
	retryAfterHeader?: string;
}

export interface OperationDescriptor {
	method: HttpMethod;
	/** Relative to the base URL; `{id}` and other `{name}` placeholders are filled from the call. */
	path: string;
	bodyEncoding?: BodyEncoding;
	/** Root element name for XML bodies. */
	xmlRoot?: string;
	/** GraphQL document; the call's body becomes its variables. */
	graphqlQuery?: string;
	/** Fixed query parameters; values may use `{{credentialField}}`. */
	query?: Record<string, string>;
	headers?: Record<string, string>;
	/** Where the record(s) sit in the response; overrides the resource's. */
	resultsPosition?: string;
	/** Overrides the resource's pagination (list only). */
	pagination?: PaginationDescriptor;
	/**
	 * A response header holding the URL of the record a create made, when the body is empty
	 * (Dataverse's `OData-EntityId`): the id is its last `(...)` group or path segment.
	 */
	idHeader?: string;
	/**
	 * Where the id sits in the record this operation answers with, when not at the resource's
	 * `idPosition` (Cornerstone's assign answers `registrationNumber`, its transcript view `reg_num`).
	 */
	idPosition?: string;
	/**
	 * The operation takes records as an array under this key (`{"activities": [...]}`): one record
	 * is sent as a batch of one, and the record it made is the first of the answered results.
	 */
	batchKey?: string;
}

/** The file format a resource is exported to when its API is unavailable. */
export interface CsvExportDescriptor {
	fileName: string;
	columns: { header: string; path: string }[];
	delimiter?: ',' | ';' | '\t';
	/** How numbers are written; `,` where the importing spreadsheet reads decimal commas (Norwegian Excel). */
	decimalSeparator?: '.' | ',';
	/** Prefix a UTF-8 byte order mark (Excel needs it to read UTF-8). */
	byteOrderMark?: boolean;
}

export interface ResourceDescriptor {
	displayName: string;
	/** Where a record's id sits in the record, e.g. `id`, `Id`, `@attributes.identifier`. */
	idPosition: string;
	/** Where the list sits in a list response: a dot path, `_root`, or absent to auto-detect. */
	resultsPosition?: string;
	operations: Partial<Record<OperationName, OperationDescriptor>>;
	csvExport?: CsvExportDescriptor;
	/** The fields a record of this resource has, as the system documents them (the editor's field list without a credential). */
	fields?: readonly FieldSchema[];
	/** Where the system lists a resource's fields itself, custom ones included (read when a credential is chosen). */
	fieldDiscovery?: FieldDiscoveryDescriptor;
	/**
	 * How a deleted record reads when the system still answers 200 for it: the field at `position`
	 * equals `equals` (Stripe's stub `{id, object: 'customer', deleted: true}`). Such a read is treated
	 * like a 404: the record is gone, never a target for an update.
	 */
	deletedWhen?: { position: string; equals: string | number | boolean };
	/**
	 * Where a read record carries its version tag (Dataverse `@odata.etag`, Google's `etag`; the
	 * `ETag` header when absent there). SyncBridge Upsert's update after its conflict read then sends
	 * `If-Match` with it, and a 412 (changed since the read) is read and settled again.
	 */
	etag?: { position: string };
	/** The resource's bulk API, used by SyncBridge Upsert for chunks of writes (runtime/connectors/bulk/). */
	bulkWrite?: BulkWriteDescriptor;
}

/**
 * A bulk API, by format: one implementation per format reads it (runtime/connectors/bulk/). Its
 * operations are described like any other (paths relative to the base URL, the connector's auth).
 */
export type BulkWriteDescriptor =
	/**
	 * Salesforce sObject Collections (`/composite/sobjects`, up to `maxPerCall` records a call, at most
	 * 200, partial success per record) and, for `jobFrom` upserts by external id or more, a Bulk API 2.0
	 * ingest job.
	 */
	| { format: 'salesforceCollections'; sobject: string; maxPerCall: number; jobFrom?: number }
	/**
	 * OData `$batch` (Dataverse) at `<base URL>/$batch`: multipart/mixed, up to `maxPerCall` requests
	 * on `entitySet`, `Prefer: odata.continue-on-error`. A create is an upsert of a GUID derived from
	 * the object, so a create resent after a crash updates the record instead of making a second.
	 */
	| {
			format: 'odataBatch';
			entitySet: string;
			maxPerCall: number;
			/** `error.code`s of a request's answer that mean "try again later" beside 408, 429 and 5xx (SQL deadlocks, timeouts). */
			transientCodes?: string[];
	  }
	/**
	 * Google's batch endpoint: a multipart/mixed of up to `maxPerCall` of the resource's own
	 * create, update and delete requests, sent to `path` (relative to the base URL, or absolute:
	 * Google's batch path sits at the API root, `{{baseUrl}}/batch/calendar/v3`).
	 */
	| { format: 'googleBatch'; path: string; maxPerCall: number };

/** How a system's answers describing fields are read; one parser per format (see field-formats.ts). */
export type FieldDiscoveryFormat = 'salesforceDescribe' | 'dataverseAttributes';

export interface FieldDiscoveryDescriptor {
	format: FieldDiscoveryFormat;
	/** The request answering the resource's fields. */
	fields: OperationDescriptor;
	/** The request answering the keys that identify a record (Dataverse alternate keys). */
	keys?: OperationDescriptor;
}

export interface WebhookRegistrationDescriptor {
	register: OperationDescriptor;
	unregister?: OperationDescriptor;
	/** Every registered endpoint, paged like the connector's lists. */
	list?: OperationDescriptor;
	/** One registered endpoint by `{id}`. */
	get?: OperationDescriptor;
	/** Event names the system can send. */
	events: string[];
	/** Where the new endpoint's id sits in the registration response. */
	idPosition: string;
	/** Where the generated signing secret sits, when the system generates one (Stripe). */
	secretPosition?: string;
	/** The registration body's field for the endpoint URL, and where a registered endpoint shows it (Stripe: `url`). */
	urlPosition?: string;
	/** The registration body's field for the event list, and where a registered endpoint shows it (Stripe: `enabled_events`). */
	eventsPosition?: string;
}

export interface ConnectorDescriptor {
	id: string;
	displayName: string;
	/** May use `{{credentialField}}`, e.g. `{{instanceUrl}}/services/data/v60.0`. */
	baseUrl: string;
	auth: AuthDescriptor;
	/** The n8n credential type that carries this connector's credentials. */
	credentialType?: string;
	headers?: Record<string, string>;
	/** `json` unless the system answers XML; a response's Content-Type wins when it says XML. */
	responseFormat?: 'json' | 'xml';
	pagination: PaginationDescriptor;
	rateLimit?: RateLimitDescriptor;
	/** Header carrying an idempotency key on writes, where the system supports one. */
	idempotencyHeader?: string;
	/** Where the human-readable message sits in an error response. */
	errorMessagePosition?: string;
	resources: Record<string, ResourceDescriptor>;
	webhooks?: WebhookRegistrationDescriptor;
}
