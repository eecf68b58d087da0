import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { inboundItems, runCheckPass, type CheckPassOptions } from '../../runtime/contracts/check-pass';
import type { Side } from '../../runtime/contracts/contract';
import type { LinkDefinition } from '../../runtime/contracts/linked-objects';
import { InvalidOriginVersionError } from '../../runtime/contracts/origin-version';
import { completeDeliveries, openNodeStore } from '../shared/contract-store-parameters';
import { commaList, outputItem } from '../shared/pass-parameters';

/** Contract Check's execute: parameters -> `runCheckPass` -> the New, Changed, Unchanged and Orphaned outputs. */
export async function executeContractCheck(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const synchronizationId = (context.getNodeParameter('synchronizationId', 0) as string).trim();
	if (synchronizationId === '') throw new NodeOperationError(context.getNode(), 'Synchronization ID is empty');
	const originIdPath = context.getNodeParameter('originIdPath', 0) as string;
	const { inbound, withoutId } = inboundItems(
		context.getInputData().map((item) => item.json),
		originIdPath,
	);
	const rejected: INodeExecutionData[] = [];
	for (const itemIndex of withoutId) {
		const error = new NodeOperationError(context.getNode(), `Item has no ID at "${originIdPath}"`, { itemIndex });
		if (!context.continueOnFail()) throw error;
		rejected.push({ json: { error: error.message }, error, pairedItem: { item: itemIndex } });
	}

	const options = checkPassOptions(context, synchronizationId);
	let result: Awaited<ReturnType<typeof runCheckPass>>;
	try {
		result = await runCheckPass(await openNodeStore(context), inbound, options);
	} catch (error) {
		if (error instanceof InvalidOriginVersionError) throw new NodeOperationError(context.getNode(), error);
		throw new NodeOperationError(context.getNode(), error as Error, {
			description: 'The contract store could not be read',
		});
	}
	try {
		await completeDeliveries(context, result.completedDeliveries);
	} catch (error) {
		context.logger.warn('SyncBridge: could not mark webhook deliveries completed', { error: (error as Error).message });
	}
	const { routed } = result;
	return [
		[...rejected, ...routed.new.map(outputItem)],
		routed.changed.map(outputItem),
		routed.unchanged.map(outputItem),
		routed.orphaned.map(outputItem),
	];
}

function checkPassOptions(context: IExecuteFunctions, synchronizationId: string): CheckPassOptions {
	const options: CheckPassOptions = {
		synchronizationId,
		configVersion: String(context.getNodeParameter('configVersion', 0)),
		mappingVersion: String(context.getNodeParameter('mappingVersion', 0)),
		force: context.getNodeParameter('force', 0) as boolean,
		volatileFields: commaList(context.getNodeParameter('volatileFields', 0) as string),
		inboundSide: context.getNodeParameter('inboundSide', 0) as Side,
		runId: context.getExecutionId() ?? `run-${Date.now()}`,
		originVersionField: (context.getNodeParameter('originVersionField', 0, '') as string).trim() || undefined,
		deletedFlagField: (context.getNodeParameter('deletedFlagField', 0, '') as string).trim() || undefined,
		links: linkDefinitions(context),
	};
	if (context.getNodeParameter('detectOrphans', 0) as boolean) {
		const restrictDeletion = context.getNodeParameter('restrictDeletion', 0) as boolean;
		options.completeSet = {
			fetchComplete: context.getNodeParameter('fetchComplete', 0) as boolean,
			fetchErrors: Number(context.getNodeParameter('fetchErrors', 0)),
			testRun: context.getNodeParameter('testRun', 0) as boolean,
			restrictDeletion,
			requestedOriginIds: restrictDeletion
				? commaList(context.getNodeParameter('requestedOriginIds', 0) as string)
				: undefined,
			threshold: Number(context.getNodeParameter('deleteThreshold', 0)),
		};
	}
	return options;
}

function linkDefinitions(context: IExecuteFunctions): LinkDefinition[] {
	const entries =
		(context.getNodeParameter('links', 0, {}) as { link?: Array<Partial<LinkDefinition>> } | undefined)?.link ?? [];
	const links = entries
		.map((entry) => ({
			name: String(entry.name ?? '').trim(),
			idPath: String(entry.idPath ?? '').trim(),
			synchronizationId: String(entry.synchronizationId ?? '').trim(),
		}))
		.filter((entry) => entry.name !== '' || entry.idPath !== '' || entry.synchronizationId !== '');
	const incomplete = links.find((link) => link.name === '' || link.idPath === '' || link.synchronizationId === '');
	if (incomplete !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Linked object "${incomplete.name || incomplete.idPath || incomplete.synchronizationId}" needs a name, an ID field and a synchronization ID`,
		);
	}
	return links;
}
