import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ConflictPolicy, FieldPolicy } from '../../runtime/contracts/conflict-policy';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { runWritePass } from '../../runtime/contracts/write-pass';
import { breakerFor } from '../../runtime/http/breaker-registry';
import { createResilientClient } from '../../runtime/http/resilient-client';
import { completeDeliveries, openNodeStore } from '../shared/contract-store-parameters';
import { commaList, outputItem } from '../shared/pass-parameters';
import { writeTarget } from './write-target';

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
		throw new NodeOperationError(context.getNode(), error as Error, { description: 'The contract store could not be opened' });
	}
	const testRun = context.getNodeParameter('testRun', 0) as boolean;
	try {
		const result = await runWritePass(
			context.getInputData().map((item) => item.json),
			{
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
			},
		);
		await completeDeliveries(context, result.completedDeliveries);
		return [result.success.map(outputItem), result.failed.map(outputItem)];
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error, { description: 'The contract store failed during the write pass' });
	}
}

function conflictPolicyParameter(context: IExecuteFunctions): ConflictPolicy | undefined {
	const policyName = context.getNodeParameter('conflictPolicy', 0) as string;
	if (policyName === 'none') return undefined;
	const fields: Record<string, FieldPolicy> = {};
	const entries = (context.getNodeParameter('fieldPolicies', 0, {}) as { field?: { name: string; policy: FieldPolicy }[] }).field ?? [];
	for (const entry of entries) if (entry.name.trim() !== '') fields[entry.name.trim()] = entry.policy;
	return { default: policyName as FieldPolicy, fields };
}
