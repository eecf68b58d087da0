import type { SyncTokenSettings } from '../connectors/connector-definition';
import { readPath } from '../connectors/record-path';
import { PermanentHttpError, RetryExhaustedError } from '../http/errors';

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
	const status = error instanceof PermanentHttpError ? error.status : error instanceof RetryExhaustedError ? error.lastStatus : undefined;
	return status === settings.expiredStatus;
}
