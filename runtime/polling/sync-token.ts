import type { SyncTokenSettings } from '../connectors/connector-definition';
import { readPath } from '../dot-path';
import { PermanentHttpError, RetryExhaustedError } from '../http/errors';

const expired = Symbol('expired');

/** The sync token a poll keeps between runs, if it has a usable shape. */
export function readStoredSyncToken(stored: unknown): string | undefined {
	return typeof stored === 'string' && stored !== '' ? stored : undefined;
}

/** The list query of a poll that holds a token: the token alone (Google refuses it combined with `updatedMin`). */
export function syncTokenQuery(settings: SyncTokenSettings, token: string): Record<string, string> {
	return { [settings.param]: token };
}

/** The token the last page of a complete list hands out for the next poll. */
export function nextSyncToken(settings: SyncTokenSettings, lastPage: unknown): string | undefined {
	const token = readPath(lastPage, settings.position);
	return typeof token === 'string' && token !== '' ? token : undefined;
}

/** Whether a list failed because its token expired: drop it and read again from the cursor. */
export function isExpiredSyncToken(settings: SyncTokenSettings, error: unknown): boolean {
	const status =
		error instanceof PermanentHttpError
			? error.status
			: error instanceof RetryExhaustedError
				? error.lastStatus
				: undefined;
	return status === settings.expiredStatus;
}

/**
 * One poll's list: with a stored token only the changes since it (`onlyChanges`); without one, or
 * when the system says the token expired (`onResync` is told), the list filtered by the cursor.
 */
export async function listSince<T>(
	tokens: SyncTokenSettings | undefined,
	token: string | undefined,
	filter: Record<string, string>,
	list: (query: Record<string, string>) => Promise<T>,
	onResync: () => void,
): Promise<{ listed: T; onlyChanges: boolean }> {
	if (tokens === undefined || token === undefined) return { listed: await list(filter), onlyChanges: false };
	const changes = await list(syncTokenQuery(tokens, token)).catch((error: unknown): typeof expired =>
		expiredOrRejected(tokens, error),
	);
	if (changes !== expired) return { listed: changes, onlyChanges: true };
	onResync();
	return { listed: await list(filter), onlyChanges: false };
}

/** The `expired` marker for an expired token; any other failure stays a rejection. */
function expiredOrRejected(tokens: SyncTokenSettings, error: unknown): typeof expired {
	if (isExpiredSyncToken(tokens, error)) return expired;
	throw error;
}
