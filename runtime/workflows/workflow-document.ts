/** A JSON value as it appears in a workflow file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A node's reference to a credential in the file: the instance-specific id is dropped, name and type stay. */
export interface CredentialStub {
	name: string;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: number[];
	parameters: JsonObject;
	/** Keyed by credential type. */
	credentials?: Record<string, CredentialStub>;
	webhookId?: string;
	[field: string]: Json | Record<string, CredentialStub> | undefined;
}

export interface ConnectionTarget {
	node: string;
	type: string;
	index: number;
}

/** source node name -> connection type -> output index -> targets */
export type Connections = Record<string, Record<string, Array<ConnectionTarget[] | null>>>;

/** What `syncbridge-workflows export` writes: one workflow, normalised and versioned. */
export interface WorkflowDocument {
	id: string;
	name: string;
	/** Semantic version of the content, bumped by export when the content changes. */
	version: string;
	description?: string;
	nodes: WorkflowNode[];
	connections: Connections;
	settings: JsonObject;
	nodeGroups?: Json[];
	/** Sorted by name; `{name}` objects, the shape n8n's own `import:workflow` matches or creates tags by. */
	tags?: Array<{ name: string }>;
}

/** The fields of an n8n workflow that change without the workflow's content changing. */
export interface VolatileFields {
	id: string;
	versionId?: string;
	activeVersionId?: string | null;
	active?: boolean;
	createdAt?: string;
	updatedAt?: string;
	staticData?: Json;
	pinData?: Json;
	meta?: Json;
}
