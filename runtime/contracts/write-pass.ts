import { modifiedAt, type ConflictPolicy } from './conflict-policy';
import type { ContractStore } from './contract-store';
import { writeInChunks } from './chunk-writer';
import type { WriteContext, WriteItem, WriteOutcome } from './contract-writer';
import { settleReplayedLetter } from './dead-letter-replay';
import {
	metadataKey,
	readMetadata,
	withoutMetadata,
	type ItemMetadata,
	type PassedItem,
	type WriteFailure,
	type WriteResult,
} from './item-metadata';
import { UnresolvedLinkError, unresolvedLinks } from './linked-objects';
import { InvalidOriginVersionError, originVersionOf } from './origin-version';
import type { TargetRequests } from './target-requests';
import type { ResilientClient } from '../http/resilient-client';
import { countOutcomes } from './write-batch';

export interface WritePassOptions {
	store: ContractStore;
	client: ResilientClient;
	target: TargetRequests;
	/** Compute everything, write nothing: no target call, no contract, run-log or dead-letter change. */
	testRun?: boolean;
	volatileFields?: readonly string[];
	conflictPolicy?: ConflictPolicy;
	/** Dot path of the origin version in each item; overrides the one Contract Check set. */
	originVersionField?: string;
	/** Writes in flight at once. */
	concurrency?: number;
	/** Told about every echo of SyncBridge's own write that was dropped (for the log). */
	onEcho?: (meta: ItemMetadata) => void;
}

/** An item that passed the pass's own checks, as the write it asks for. */
interface PreparedWrite {
	index: number;
	meta: ItemMetadata;
	item: WriteItem;
}

export interface WritePassResult {
	/** Written, skipped or parked items, in input order. */
	success: PassedItem[];
	/** Items that were not written, in input order; `_syncbridge.error` says why. */
	failed: PassedItem[];
	/** Webhook deliveries all of whose items were written (or needed no write); empty in a test run. */
	completedDeliveries: string[];
}

/**
 * Writes items annotated by Contract Check (SyncBridge Upsert's work): refuses items that cannot be
 * written yet, writes the others with bounded concurrency, settles replayed dead letters, adds the
 * outcomes to each run's log and reports which webhook deliveries are done. Store failures throw;
 * write failures are results.
 */
export async function runWritePass(
	items: readonly Record<string, unknown>[],
	options: WritePassOptions,
): Promise<WritePassResult> {
	const success: PassedItem[] = [];
	const failed: PassedItem[] = [];
	const fail = (index: number, meta: ItemMetadata | undefined, error: WriteFailure) => {
		const result: WriteResult = { action: 'failed', error };
		failed.push({ index, json: { ...items[index], [metadataKey]: { ...meta, ...result } } });
	};
	// Delivery key -> whether every item of that webhook delivery was written (or needed no write).
	const deliveries = new Map<string, boolean>();
	const runs = new Map<string, { synchronizationId: string; runId: string; outcomes: WriteOutcome[] }>();
	const originVersionField = options.originVersionField?.trim() ?? '';

	/** Refuses what cannot be written yet; the rest becomes a write of its synchronization's context. */
	const prepare = (index: number): PreparedWrite | undefined => {
		const json = items[index];
		const meta = readMetadata(json);
		if (meta === undefined) {
			fail(index, undefined, {
				code: 'NOT_CHECKED',
				message: 'Item has no SyncBridge metadata: connect this node after SyncBridge Contract Check',
			});
			return undefined;
		}
		if (meta.deletePassRefused !== undefined) {
			const refusal = meta.deletePassRefused.refusal;
			fail(index, meta, {
				code: `DELETE_PASS_${refusal?.code ?? 'REFUSED'}`,
				message: `Delete pass refused: ${refusal?.message ?? 'unsafe'}`,
			});
			return undefined;
		}
		const unresolved = meta.route === 'new' || meta.route === 'changed' ? unresolvedLinks(meta.links) : [];
		if (unresolved.length > 0) {
			// Not a dead letter: the item is fine, its linked object is not written yet; a later run sends it.
			const refusal = new UnresolvedLinkError(unresolved);
			fail(index, meta, { code: refusal.code, message: refusal.message });
			return undefined;
		}
		const body = meta.route === 'orphaned' ? {} : withoutMetadata(json);
		let originVersion = meta.originVersion;
		if (originVersionField !== '' && meta.route !== 'orphaned') {
			try {
				originVersion = originVersionOf(body, originVersionField);
			} catch (error) {
				const invalid =
					error instanceof InvalidOriginVersionError
						? error
						: new InvalidOriginVersionError(originVersionField, undefined);
				fail(index, meta, { code: invalid.code, message: invalid.message });
				return undefined;
			}
		}
		return {
			index,
			meta,
			item: {
				inboundId: meta.inboundId,
				hash: meta.hash,
				body,
				route: meta.route,
				modifiedAt: modifiedAt(json),
				originVersion,
				forced: meta.reason === 'forced',
			},
		};
	};

	const finish = async ({ index, meta }: PreparedWrite, outcome: WriteOutcome) => {
		const json = items[index];
		if (meta.delivery !== undefined) {
			deliveries.set(meta.delivery.key, (deliveries.get(meta.delivery.key) ?? true) && outcome.status !== 'failed');
		}
		if (meta.deadLetterId !== undefined) await settleReplayedLetter(options.store, meta.deadLetterId, options.testRun);
		const key = `${meta.synchronizationId}\u0000${meta.runId}`;
		const run = runs.get(key) ?? { synchronizationId: meta.synchronizationId, runId: meta.runId, outcomes: [] };
		// Items the check routed unchanged (an echo, typically) were counted by the check already.
		if (meta.route !== 'unchanged') run.outcomes.push(outcome);
		runs.set(key, run);
		if (outcome.status === 'skipped' && outcome.reason === 'echo') options.onEcho?.(meta);
		if (outcome.status === 'failed') {
			const { code, message, httpStatus, deadLetterId } = outcome;
			fail(index, meta, { code, message, httpStatus, deadLetterId });
			return;
		}
		success.push({ index, json: { ...json, [metadataKey]: { ...meta, ...writeResult(outcome) } } });
	};

	// Items of one synchronization (and direction, and versions) share a write context and go in chunks.
	const groups = new Map<string, { ctx: WriteContext; writes: PreparedWrite[] }>();
	for (let index = 0; index < items.length; index++) {
		const prepared = prepare(index);
		if (prepared === undefined) continue;
		const { meta } = prepared;
		const groupKey = JSON.stringify([
			meta.synchronizationId,
			meta.configVersion,
			meta.mappingVersion,
			meta.inboundSide,
		]);
		const group = groups.get(groupKey) ?? {
			ctx: {
				store: options.store,
				client: options.client,
				target: options.target,
				synchronizationId: meta.synchronizationId,
				configVersion: meta.configVersion,
				mappingVersion: meta.mappingVersion,
				writeSide: meta.inboundSide === 'target' ? 'origin' : 'target',
				testRun: options.testRun,
				volatileFields: options.volatileFields,
				conflictPolicy: options.conflictPolicy,
			},
			writes: [],
		};
		group.writes.push(prepared);
		groups.set(groupKey, group);
	}

	const started = performance.now();
	for (const { ctx, writes } of groups.values()) {
		const outcomes = await writeInChunks(
			ctx,
			writes.map((write) => write.item),
			{ concurrency: options.concurrency ?? 4 },
		);
		for (const [position, write] of writes.entries()) await finish(write, outcomes[position]);
	}
	for (const run of runs.values()) {
		await options.store.recordRun(run.synchronizationId, run.runId, countOutcomes(run.outcomes), {
			writeMs: performance.now() - started,
		});
	}
	// Writes finish in any order; the outputs keep the input's (a file made of the Error output lists rows as the source did).
	const inInputOrder = (passed: PassedItem[]) => passed.sort((a, b) => a.index - b.index);
	return {
		success: inInputOrder(success),
		failed: inInputOrder(failed),
		// A delivery with a failed item stays in flight: after its lease the sender's retry runs it again.
		completedDeliveries: options.testRun ? [] : [...deliveries].filter(([, written]) => written).map(([key]) => key),
	};
}

function writeResult(outcome: Exclude<WriteOutcome, { status: 'failed' }>): WriteResult {
	switch (outcome.status) {
		case 'created':
		case 'updated':
		case 'deleted':
			return {
				action: outcome.status,
				targetId: outcome.targetId,
				attempts: outcome.attempts,
				reconciled: outcome.reconciled,
			};
		case 'skipped':
			return { action: 'skipped', skipReason: outcome.reason, plannedAction: outcome.plannedAction ?? null };
		case 'parked':
			return { action: 'parked', parkedFields: outcome.fields, conflictId: outcome.conflictId };
	}
}
