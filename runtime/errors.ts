/**
 * Every error SyncBridge's runtime raises on purpose has a stable `code` from this one union;
 * branch on the code, show the message. Codes never change once published (tests, docs and
 * workflows match on them).
 */
export type SyncBridgeErrorCode = HttpErrorCode | ContractErrorCode | ConnectorErrorCode | MappingErrorCode;

/** The HTTP layer (`runtime/http/errors.ts`). */
export type HttpErrorCode = 'RETRY_EXHAUSTED' | 'CIRCUIT_OPEN' | 'PERMANENT_HTTP_ERROR' | 'NETWORK_ERROR';

/** Contracts and their stores (`runtime/contracts/`). */
export type ContractErrorCode =
	| 'STALE_CONTRACT'
	| 'MISSING_TARGET_ID'
	| 'UNSUPPORTED_WRITE'
	| 'LINK_UNRESOLVED'
	| 'INVALID_ORIGIN_VERSION'
	| 'INVALID_STORE_NAME'
	| 'RECORD_REJECTED';

/** Connector descriptors and webhook registration (`runtime/connectors/`); `API_ERROR` is a 2xx answer reporting a failure. */
export type ConnectorErrorCode =
	'INVALID_DESCRIPTOR' | 'API_ERROR' | 'NOT_SUPPORTED' | 'NO_EVENTS' | 'NO_ENDPOINT_ID' | 'NO_SIGNING_SECRET';

/** Mapping documents, input parsing and the sandbox (`runtime/mapping/`). */
export type MappingErrorCode =
	| 'INVALID_DOCUMENT'
	| 'UNKNOWN_DOCUMENT'
	| 'FORBIDDEN_KEY'
	| 'UNKNOWN_CAST'
	| 'CAST_FAILED'
	| 'INVALID_EXPRESSION'
	| 'INVALID_TEMPLATE'
	| 'TEMPLATE_FAILED'
	| 'JSONPATH_FAILED'
	| 'CONDITIONS_NOT_MET'
	| 'OUTPUT_SCHEMA'
	| 'SANDBOX_FAILED'
	| 'SANDBOX_MEMORY'
	| 'SANDBOX_TIMEOUT'
	| 'INVALID_JSON'
	| 'CSV_INVALID'
	| 'XML_INVALID'
	| 'XML_DOCTYPE'
	| 'XML_TOO_DEEP'
	| 'XML_TOO_LARGE'
	| 'INPUT_FIELD'
	| 'INVALID_RECORD'
	| 'NOT_EXPORTABLE'
	| 'NOT_VISUAL'
	| 'N8N_EXPRESSION_IN_DOCUMENT';

/** The base of SyncBridge's typed errors. */
export abstract class SyncBridgeError extends Error {
	abstract readonly code: SyncBridgeErrorCode;
}
