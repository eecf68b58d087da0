import { createHash } from 'node:crypto';

import { SyncBridgeError } from '../errors';
import type { ResilientClient } from '../http/resilient-client';

/** The writes a bulk API takes; each connector says which of them it sends in bulk. */
export type BulkAction = 'create' | 'update' | 'delete';

/** One write of a chunk, handed to a side's bulk API together with the others. */
export interface BulkWrite {
	action: BulkAction;
	/** The object's id on the side written to (update, delete). */
	id?: string;
	/** What to send (empty for a delete). */
	body: Record<string, unknown>;
	/**
	 * Stable for one object of one synchronization, across reruns (a hash of synchronization and
	 * inbound id). A create derives the id it asks the side to use from it, so a create resent after a
	 * crash finds the object the first one made instead of making a second (Dataverse's record GUID,
	 * Google's event id). Unused where the body carries the id (Salesforce's external id).
	 */
	objectKey: string;
}

/** What the side answered for one write of a bulk call. */
export type BulkWriteResult =
	| {
			ok: true;
			/** The object's id on the side written to. */
			id: string;
			/** The object as the side answered it, when the bulk answer carries it. */
			record?: Record<string, unknown>;
			/** A create found the object an earlier attempt made (a rerun after a crash). */
			reconciled?: boolean;
	  }
	| {
			ok: false;
			/** The HTTP status of this write's own answer (a multipart part's, or the call's for a Salesforce error entry). */
			status: number;
			/** The side's error code, where it has one (`REQUIRED_FIELD_MISSING`). */
			code?: string;
			/** The side's own words. */
			message: string;
			/** The write may still succeed when sent again (429, 5xx, a record locked by another call). */
			transient: boolean;
	  };

/**
 * A side's bulk API (Salesforce sObject Collections and Bulk API 2.0, Dataverse `$batch`, Google's
 * batch endpoint), built from the connector's `bulkWrite` description. The contract writer hands it
 * every write of a chunk it can take; it cuts them into calls of the size the side allows and
 * answers one result per write, in the order given. A call that fails as a whole (auth, outage
 * after the client's retries) rejects with the client's typed error; every write of it then failed.
 */
export interface BulkWriter {
	/** The system's name, for messages (`Salesforce answered HTTP 400 (REQUIRED_FIELD_MISSING) in a bulk call: …`). */
	readonly systemName: string;
	/** The actions this side takes in bulk; other writes of a chunk go one request each. */
	readonly actions: readonly BulkAction[];
	/** Groups smaller than this go one request each: a bulk call for one record only adds overhead. */
	readonly minWrites: number;
	/**
	 * Items per chunk that suit the API (a call's worth, or a Bulk API 2.0 job's); the chunk writer's
	 * `writeChunkSize` when absent. A chunk's objects stay locked until its calls are answered.
	 */
	readonly chunkSize?: number;
	send(client: ResilientClient, writes: readonly BulkWrite[], options: BulkSendOptions): Promise<BulkWriteResult[]>;
}

export interface BulkSendOptions {
	/** Calls in flight at once. */
	concurrency: number;
}

/** One object's `BulkWrite.objectKey`: the same for every rerun of its synchronization. */
export function bulkObjectKey(synchronizationId: string, inboundId: string): string {
	return createHash('sha256')
		.update(JSON.stringify([synchronizationId, inboundId]))
		.digest('hex');
}

/** A bulk call answered for this record that it was not written; the rest of the call may have been. */
export class BulkRecordError extends SyncBridgeError {
	readonly code = 'RECORD_REJECTED';
	constructor(
		/** The HTTP status of the record's own answer. */
		readonly status: number,
		message: string,
		/** Sending it again may succeed (throttled, locked, never processed). */
		readonly transient: boolean,
	) {
		super(message);
		this.name = 'BulkRecordError';
	}
}
