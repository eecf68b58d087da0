import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ConflictPolicy, FieldPolicy } from '../../runtime/contracts/conflict-policy';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { runWritePass } from '../../runtime/contracts/write-pass';
import { breakerFor } from '../../runtime/http/breaker-registry';
import { createResilientClient } from '../../runtime/http/resilient-client';
import { completeDeliveries, openNodeStore } from '../shared/contract-store-parameters';
import { commaList, outputItem } from '../shared/pass-parameters';
import { writeTarget } from './write-target';
import { recordFromFieldValues } from '../../runtime/connectors';
import { metadataKey, type PassedItem } from '../../runtime/contracts/item-metadata';

/** Upsert's execute: parameters -> `runWritePass` -> the Success and Error outputs. */
export async function executeUpsert(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const conflictPolicy = conflictPolicyParameter(context);
	const target = await writeTarget(context, options, conflictPolicy !== undefined);
	const client = createResilientClient({
		transport: target.transport,
		breaker: breakerFor(target.breakerTarget),
		retry: {
			maxAttempts: Number(options.maxAttempts ?? 5),
			timeoutMs: Number(options.timeoutMs ?? 30_000),
		},
	});

	let store: ContractStore;
	try {
		store = await openNodeStore(context);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			description: 'The contract store could not be opened',
		});
	}
	const testRun = context.getNodeParameter('testRun', 0) as boolean;
	const input = inputRecords(context);
	try {
		const result = await runWritePass(input.records, {
			store,
			client,
			target: target.requests,
			testRun,
			volatileFields: commaList(context.getNodeParameter('volatileFields', 0) as string),
			conflictPolicy,
			originVersionField: String(options.originVersionField ?? ''),
			concurrency: Number(options.concurrency ?? 4),
			onEcho: (meta) =>
				context.logger.info('SyncBridge: dropped the echo of our own write', {
					synchronizationId: meta.synchronizationId,
					inboundId: meta.inboundId,
					side: meta.inboundSide,
				}),
		});
		await completeDeliveries(context, result.completedDeliveries);
		const fromInput = (item: PassedItem) => outputItem({ ...item, index: input.itemIndexes[item.index] });
		return [result.success.map(fromInput), [...input.unreadable, ...result.failed.map(fromInput)]];
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, {
			description: 'The contract store failed during the write pass',
		});
	}
}

function conflictPolicyParameter(context: IExecuteFunctions): ConflictPolicy | undefined {
	const policyName = context.getNodeParameter('conflictPolicy', 0) as string;
	if (policyName === 'none') return undefined;
	const fields: Record<string, FieldPolicy> = {};
	const entries =
		(context.getNodeParameter('fieldPolicies', 0, {}) as { field?: { name: string; policy: FieldPolicy }[] }).field ??
		[];
	for (const entry of entries) if (entry.name.trim() !== '') fields[entry.name.trim()] = entry.policy;
	return { default: policyName as FieldPolicy, fields };
}

/**
 * What Upsert writes per item: the item itself, or with Send: Mapped Fields the resource's fields as
 * set in the node (n8n evaluates each item's expressions), keeping the item's SyncBridge envelope. An
 * item whose fields cannot form a record (a field mapped both as a value and as an object) goes to Error.
 */
function inputRecords(context: IExecuteFunctions): {
	records: IDataObject[];
	itemIndexes: number[];
	unreadable: INodeExecutionData[];
} {
	const items = context.getInputData();
	const mapped =
		context.getNodeParameter('target', 0, 'endpoint') === 'connector' &&
		context.getNodeParameter('bodySource', 0, 'item') === 'mapped';
	if (!mapped)
		return { records: items.map((item) => item.json), itemIndexes: items.map((_, index) => index), unreadable: [] };
	const records: IDataObject[] = [];
	const itemIndexes: number[] = [];
	const unreadable: INodeExecutionData[] = [];
	items.forEach((item, index) => {
		const values = (context.getNodeParameter('fields.value', index, {}) ?? {}) as Record<string, unknown>;
		let record: IDataObject;
		try {
			record = recordFromFieldValues(values) as IDataObject;
		} catch (error) {
			unreadable.push({
				json: { ...item.json, error: { code: 'INVALID_FIELDS', message: (error as Error).message } },
				pairedItem: { item: index },
			});
			return;
		}
		const envelope = item.json[metadataKey];
		records.push(envelope === undefined ? record : { ...record, [metadataKey]: envelope });
		itemIndexes.push(index);
	});
	return { records, itemIndexes, unreadable };
}
