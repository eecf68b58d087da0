export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where and how a synchronization writes to the other side. Paths may contain `{id}`. */
export interface TargetEndpoint {
	baseUrl: string;
	createPath: string;
	updatePath: string;
	deletePath: string;
	/** Read path for conflict detection (`{id}`); optional. */
	getPath?: string;
	createMethod?: WriteMethod;
	updateMethod?: WriteMethod;
	deleteMethod?: WriteMethod;
	/** Dot path of the new id in a create response; default `id`. */
	idPosition?: string;
	/**
	 * When the target does not assign ids: the body key that carries the id we choose (set by the
	 * mapping). The contract records that value as the target id.
	 */
	idInRequestBody?: string;
	/** Send `Idempotency-Key` on writes (the target must support it for crash-safe creates). */
	idempotency?: boolean;
	headers?: Record<string, string>;
}

export function endpointUrl(endpoint: TargetEndpoint, path: string, id?: string): string {
	const filled = id === undefined ? path : path.replaceAll('{id}', encodeURIComponent(id));
	return `${endpoint.baseUrl.replace(/\/+$/, '')}/${filled.replace(/^\/+/, '')}`;
}
