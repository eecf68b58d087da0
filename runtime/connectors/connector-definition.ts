import type { AuthDescriptor, ConnectorDescriptor } from './connector-descriptor';

/**
 * One built-in system, everything about it in its folder `systems/<id>/`: the descriptor
 * (`description.ts`), the credential block (`credential.ts`), the incremental block
 * (`incremental.ts`) and its custom operations. The registry (`systems/index.ts`) lists them; nodes,
 * credentials and the Polling Trigger are built from these definitions and never name a system.
 */
export interface ConnectorDefinition {
	descriptor: ConnectorDescriptor;
	credential: ConnectorCredential;
	incremental?: IncrementalSync;
	/** Operations beside the descriptor's CRUD ones, in the order the node lists them. */
	customOperations?: CustomOperation[];
	/** The short name lists show ('Dynamics 365'; the descriptor's displayName is the full one). */
	name: string;
	/** The system's own n8n node; absent when another node serves it (the city calendar: SyncBridge REST). */
	node?: ConnectorNodePresentation;
	/** For a system without a node of its own: its built-in choice in SyncBridge REST's Connector parameter. */
	restChoice?: { value: string; description: string };
}

/** A field of the n8n credential, in n8n's property shape (runtime/ does not import n8n). */
export interface CredentialField {
	displayName: string;
	name: string;
	type: 'string' | 'number' | 'hidden';
	default: string | number;
	required?: boolean;
	placeholder?: string;
	description?: string;
	typeOptions?: { password?: boolean };
}

/**
 * What a system's n8n credential holds and how requests are signed with it, declared once: the
 * credential class in `credentials/` is built from it, the nodes ask for it by `name`, and the fakes
 * in test/fakes check requests by its `auth`.
 */
export interface ConnectorCredential {
	/** The n8n credential type. */
	name: string;
	displayName: string;
	/** Anchor of the system's section in docs/connectors.md. */
	documentation: string;
	/** The OAuth2 grant: the credential extends n8n's `oAuth2Api`, which obtains, attaches and refreshes the token (`auth` is then `oauth2`). */
	oauth2?: OAuth2Settings;
	/** The fields the user fills in. */
	fields: CredentialField[];
	/** How a request is signed: n8n's generic authentication is derived from it, and `buildRequest` uses it outside n8n. */
	auth: AuthDescriptor;
	/** A field naming the header that carries the key, where the user may change it (`auth.name` is its default). */
	headerNameField?: string;
	/** Requests may go without the credential (Authentication: None, a Base URL parameter instead). */
	optional?: boolean;
	/** A cheap request that needs the credential; `{{field}}` is a credential field. */
	test: {
		baseUrl: string;
		path: string;
		method: 'GET' | 'POST';
		query?: Record<string, string | number>;
		body?: Record<string, unknown>;
	};
}

/**
 * The settings n8n's `oAuth2Api` reads, kept as hidden fields of the credential. Values may be n8n
 * expressions over the credential's own fields (`={{$self["loginUrl"]}}/services/oauth2/token`).
 * Requests for the token carry the client credentials in the body.
 */
export interface OAuth2Settings {
	grantType: 'authorizationCode' | 'clientCredentials';
	/** Where the user grants access (authorization-code flow). */
	authUrl?: string;
	accessTokenUrl: string;
	/** A fixed scope; absent when the user sets it in a `scope` field. */
	scope?: string;
	authQueryParameters?: string;
}

/** A secret the user pastes in (API key, token): required, shown as a password. */
export function secretField(displayName: string, name: string, description?: string): CredentialField {
	return {
		displayName,
		name,
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		...(description === undefined ? {} : { description }),
	};
}

/** The address of the user's instance or account (required; the placeholder shows its form). */
export function instanceUrlField(
	displayName: string,
	name: string,
	placeholder: string,
	description?: string,
): CredentialField {
	return {
		displayName,
		name,
		type: 'string',
		default: '',
		required: true,
		placeholder,
		...(description === undefined ? {} : { description }),
	};
}

/** The cursor a poll has reached, as the incremental block's request option sees it. */
export interface Since {
	/** The cursor field in use (the user may choose another than the default). */
	cursorField: string;
	/** The cursor as a number (timestamps as epoch milliseconds); undefined on the first poll or for a text cursor. */
	value: number | undefined;
	/** The values of the block's parameters. */
	parameters: Record<string, string>;
}

/** A parameter the request option reads, asked for by the Polling Trigger when the system is the source. */
export interface IncrementalParameter {
	displayName: string;
	name: string;
	default: string;
	description?: string;
}

/**
 * How to read only what changed (Airbyte's incremental sync): the cursor field and the request
 * option that lets the system filter on its side.
 */
export interface IncrementalSync {
	/** The resource polled unless another is chosen. */
	resource: string;
	/** Dot path of the value that says when a record changed. */
	cursorField: string;
	parameters?: IncrementalParameter[];
	/**
	 * Query parameters so the system only answers records at or after the cursor. Inclusive on
	 * purpose: records at the cursor value are read again and deduplicated by id (poll-cursor.ts), so
	 * one written in the same second as the last poll is not missed. Absent: every listed record is
	 * read and the cursor filter runs on all of them.
	 */
	requestOption?(since: Since): Record<string, string>;
	/**
	 * The system's own change feed, where it has one (Google Calendar's `nextSyncToken`): the token a
	 * complete list leaves at `position` in its last page is sent as query parameter `param` on the
	 * next poll instead of the request option, and the system answers only what changed since,
	 * deletions included. An expired token (`expiredStatus`, 410) is dropped and the list read again
	 * with the request option: a full resync from the cursor.
	 */
	syncToken?: SyncTokenSettings;
}

export interface SyncTokenSettings {
	/** Dot path of the next token in the last page of a list. */
	position: string;
	/** The query parameter that sends it back. */
	param: string;
	/** The status of an answer to a token that is no longer valid. */
	expiredStatus: number;
}

/**
 * An operation beside CRUD. `csvExport` and `csvImportFile` work from the resource's `csvExport`
 * format; `reimbursementExport` is Xledger's voucher export (`systems/xledger/reimbursement-export.ts`).
 */
export type CustomOperation =
	| { kind: 'csvExport'; resource: string; what: string }
	| { kind: 'csvImportFile'; resource: string; what: string }
	| { kind: 'reimbursementExport'; resource: string };

/** How the system's n8n node presents it (the node is built from the definition). */
export interface ConnectorNodePresentation {
	/** The icon file in the node's folder. */
	icon: `${string}.svg`;
	description: string;
	/** Labels and defaults of `{name}` path placeholders other than `{id}`. */
	placeholders?: Record<string, { displayName: string; default: string; description?: string }>;
	/** A dedicated list query parameter, sent as query parameter `name` (Salesforce's SOQL `q`). */
	listQuery?: { name: string; displayName: string; default: string; description?: string };
}
