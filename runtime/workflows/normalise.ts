import { isJsonObject, sortKeys } from './canonical-json';
import { stubCredentials } from './credential-stub';
import { takeVersionTag } from './version-tag';
import type { Connections, Json, JsonObject, VolatileFields, WorkflowDocument, WorkflowNode } from './workflow-document';

/**
 * The node fields n8n's public API accepts on write (its schema rejects any other); `credentials` is
 * handled apart because its ids are stubbed.
 */
const nodeFields = [
	'id',
	'name',
	'type',
	'typeVersion',
	'position',
	'parameters',
	'webhookId',
	'disabled',
	'notes',
	'notesInFlow',
	'executeOnce',
	'alwaysOutputData',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'continueOnFail',
	'onError',
	'customTelemetryTags',
] as const;

export interface NormalisedWorkflow {
	/** The content; `version` is absent when n8n carried none. */
	document: Omit<WorkflowDocument, 'version'> & { version?: string };
	volatile: VolatileFields;
}

/**
 * The editor stores "use the instance default" as the string 'DEFAULT' (saveManualExecutions, timezone, ...),
 * which means the same as leaving the setting out; the public API refuses it for the boolean and enum ones.
 */
function withoutDefaults(settings: JsonObject): JsonObject {
	return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== 'DEFAULT'));
}

function normaliseNode(raw: unknown): WorkflowNode {
	if (!isJsonObject(raw)) throw new Error('workflow node is not an object');
	const node: Record<string, unknown> = {};
	for (const field of nodeFields) if (raw[field] !== undefined && raw[field] !== null) node[field] = raw[field];
	node.parameters = isJsonObject(raw.parameters) ? raw.parameters : {};
	const credentials = stubCredentials(raw.credentials);
	if (credentials) node.credentials = credentials;
	return node as WorkflowNode;
}

/**
 * An n8n workflow (as the public API returns it) -> the deterministic document written to disk: keys sorted,
 * nodes ordered by name, credentials stubbed to name and type, node ids and webhook ids kept (they make the
 * webhook URLs), and everything that changes by merely saving or running (versionId, updatedAt, staticData,
 * pinData, active, ...) moved to `volatile`.
 */
export function normaliseWorkflow(raw: unknown): NormalisedWorkflow {
	if (!isJsonObject(raw)) throw new Error('workflow is not an object');
	if (typeof raw.id !== 'string' || typeof raw.name !== 'string') throw new Error('workflow has no id or name');
	if (!Array.isArray(raw.nodes)) throw new Error(`workflow ${raw.id} has no nodes array`);

	const nodes = raw.nodes.map(normaliseNode).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const { settings, version } = takeVersionTag(withoutDefaults(isJsonObject(raw.settings) ? raw.settings : {}));
	const document: NormalisedWorkflow['document'] = {
		id: raw.id,
		name: raw.name,
		nodes,
		connections: (isJsonObject(raw.connections) ? raw.connections : {}) as unknown as Connections,
		settings,
	};
	if (version) document.version = version;
	if (typeof raw.description === 'string' && raw.description !== '') document.description = raw.description;
	if (Array.isArray(raw.nodeGroups) && raw.nodeGroups.length > 0) document.nodeGroups = raw.nodeGroups;
	const tags = Array.isArray(raw.tags)
		? raw.tags.map((tag) => (isJsonObject(tag) ? tag.name : tag)).filter((name): name is string => typeof name === 'string')
		: [];
	if (tags.length > 0) document.tags = [...new Set(tags)].sort().map((name) => ({ name }));

	const volatile: VolatileFields = { id: raw.id };
	for (const field of ['versionId', 'activeVersionId', 'active', 'createdAt', 'updatedAt', 'staticData', 'pinData', 'meta'] as const) {
		if (raw[field] !== undefined) (volatile as unknown as Record<string, Json>)[field] = raw[field];
	}
	return { document: sortKeys(document), volatile: sortKeys(volatile) };
}

/** A document with its version, keys sorted: what is compared, hashed and written. */
export function withVersion(document: NormalisedWorkflow['document'], version: string): WorkflowDocument {
	return sortKeys({ ...document, version });
}

/** The body n8n's public API accepts for update (`PUT /workflows/{id}`); credentials are bound separately. */
export function toUpdatePayload(document: WorkflowDocument, settings: JsonObject): JsonObject {
	const payload: JsonObject = {
		name: document.name,
		nodes: document.nodes as unknown as Json[],
		connections: document.connections as unknown as JsonObject,
		settings,
	};
	if (document.description !== undefined) payload.description = document.description;
	if (document.nodeGroups !== undefined) payload.nodeGroups = document.nodeGroups;
	return payload;
}
