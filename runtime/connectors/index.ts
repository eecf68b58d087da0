export type * from './connector-descriptor';
export type * from './field-schema';
export type * from './connector-definition';
export type { BuiltRequest } from './built-request';
export type { PageState } from './page-state';
export {
	buildFieldDiscoveryRequest,
	buildRequest,
	buildWebhookRequest,
	findOperation,
	type RequestInput,
	type WebhookAction,
} from './request-builder';
export { extractResults, DEFAULT_RESULT_KEYS } from './results-position';
export { extractId } from './id-position';
export { idFromEntityUrl } from './entity-url';
export { readErrorMessage } from './error-message';
export { readPath } from '../dot-path';
export { initialPageState, nextPage, type PageResponse } from './pagination';
export { readRateLimit, type HeaderSource, type RateLimitState } from './rate-limit';
export { parseResponseBody } from './response-body';
export { parseXmlBody } from './xml-body';
export { encodeForm } from './form-encoding';
export { encodeXml } from './xml-encoding';
export { writeCsvExport } from './csv-export';
export {
	withCsvFallback,
	unavailableReason,
	failureUnavailableReason,
	type WriteFailure,
	type ApiOutcome,
	type ExportResult,
	type CsvFallbackFile,
	type UnavailableReason,
} from './csv-fallback';
export { validateDescriptor, descriptorProblems, ConnectorDescriptorError } from './descriptor-validation';
export { connectorDescriptorSchema } from './descriptor-schema';
export { createGenericConnector } from './generic-connector';
export * from './systems';
export { apiKeyCredential } from './api-key-credential';
export {
	fetchAll,
	fetchAllWebhookEndpoints,
	listSettings,
	type FetchAllOptions,
	type FetchAllResult,
	type ListResponse,
	type SendListRequest,
} from './fetch-all';
export {
	checkRegisteredEndpoint,
	endpointsToReplace,
	normaliseEvents,
	readRegisteredEndpoint,
	registeredEndpoint,
	registrationRequest,
	subscribableWebhooks,
	WebhookRegistrationError,
	type EndpointCheck,
	type EndpointSubscription,
	type RegisteredEndpoint,
	type WebhookRegistrationErrorCode,
} from './webhook-endpoints';
export { webhookRegistrar, type WebhookRegistrar } from './webhook-registrar';
export { connectorTargetRequests, type ConnectorTargetOptions } from './connector-target';
export { connectorBreakerTarget } from './connector-breaker';
export {
	loadTargetFields,
	mergeFields,
	TargetFieldsError,
	type LiveFieldSource,
	type TargetFieldsErrorCode,
} from './target-fields';
export { fieldFormats, type FieldFormatParser } from './field-formats';
export { recordFromFieldValues } from './field-values';
