import { idAtPath, readPath } from '../dot-path';
import { MissingIdError, recordOrUndefined, type TargetRequests } from './target-requests';

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where and how a synchronization writes to the other side over plain JSON HTTP. Paths may contain `{id}`. */
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

/** The URLs of one path of the endpoint, by id: the base and path are joined once, not on every request. */
function endpointUrls(endpoint: TargetEndpoint, path: string): (id?: string) => string {
	const base = endpoint.baseUrl.replace(/\/+$/, '');
	// Slashes are trimmed before the id is filled in: an encoded id holds none.
	const relative = path.replace(/^\/+/, '');
	const withoutId = `${base}/${relative}`;
	return (id) => (id === undefined ? withoutId : `${base}/${relative.replaceAll('{id}', encodeURIComponent(id))}`);
}

/** JSON requests to a configured endpoint; the written object sits where the id does (`data.id` -> `data`). */
export function endpointRequests(endpoint: TargetEndpoint): TargetRequests {
	const idPosition = endpoint.idPosition ?? 'id';
	const recordPosition = idPosition.includes('.') ? idPosition.slice(0, idPosition.lastIndexOf('.')) : '_root';
	const createUrl = endpointUrls(endpoint, endpoint.createPath);
	const updateUrl = endpointUrls(endpoint, endpoint.updatePath);
	const deleteUrl = endpointUrls(endpoint, endpoint.deletePath);
	const readUrl = endpoint.getPath === undefined ? undefined : endpointUrls(endpoint, endpoint.getPath);
	const headers = (idempotencyKey?: string): Record<string, string> => {
		const sent = { ...endpoint.headers };
		if (endpoint.idempotency !== false && idempotencyKey !== undefined) sent['Idempotency-Key'] = idempotencyKey;
		return sent;
	};
	return {
		create(body, key) {
			// The id is ours to send: a body without it is refused before anything goes out, so the target
			// never holds an object a rerun could not recognise (and would create twice).
			if (endpoint.idInRequestBody && idAtPath(body, endpoint.idInRequestBody) === undefined) {
				throw new MissingIdError(
					`The request body has no id at "${endpoint.idInRequestBody}" (idInRequestBody); nothing was sent`,
				);
			}
			return {
				method: endpoint.createMethod ?? 'POST',
				url: createUrl(),
				headers: headers(key),
				body,
			};
		},
		update: (id, body, key) => ({
			method: endpoint.updateMethod ?? 'PUT',
			url: updateUrl(id),
			headers: headers(key),
			body,
		}),
		delete: (id, key) => ({
			method: endpoint.deleteMethod ?? 'DELETE',
			url: deleteUrl(id),
			headers: headers(key),
		}),
		read:
			readUrl === undefined
				? undefined
				: (id) => ({
						method: 'GET',
						url: readUrl(id),
						headers: { ...endpoint.headers },
					}),
		createdId(body, response) {
			if (endpoint.idInRequestBody) {
				const id = idAtPath(body, endpoint.idInRequestBody);
				if (id === undefined)
					throw new MissingIdError(`The request body has no id at "${endpoint.idInRequestBody}" (idInRequestBody)`);
				return id;
			}
			const id = idAtPath(response.body, idPosition);
			if (id === undefined) throw new MissingIdError(`The create response has no id at "${idPosition}" (idPosition)`);
			return id;
		},
		writtenRecord: (response) => recordOrUndefined(readPath(response.body, recordPosition)),
		idChosenByUs: Boolean(endpoint.idInRequestBody),
	};
}
