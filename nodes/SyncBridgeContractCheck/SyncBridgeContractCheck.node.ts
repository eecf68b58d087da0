import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { Route } from '../../runtime/contracts/classify';
import { checkBatch, type CheckOptions } from '../../runtime/contracts/contract-check';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import type { Side } from '../../runtime/contracts/contract';
import { deliveryOf, metadataKey, withoutMetadata, type ItemMetadata } from '../../runtime/contracts/item-metadata';
import { resolveLinks, type LinkDefinition } from '../../runtime/contracts/linked-objects';
import { idAtPath } from '../../runtime/contracts/object-path';
import { InvalidOriginVersionError } from '../../runtime/contracts/origin-version';
import { completeDeliveries, openNodeStore, storeProperties, syncBridgePostgresConnectionTest } from './store-parameters';

const outputIndex: Record<Route, number> = { new: 0, changed: 1, unchanged: 2, orphaned: 3 };

export class SyncBridgeContractCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Contract Check',
		name: 'syncBridgeContractCheck',
		icon: { light: 'file:contract-check.svg', dark: 'file:contract-check.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"sync: " + $parameter["synchronizationId"]}}',
		description: 'Route items to new, changed, unchanged or orphaned by comparing them with their synchronization contracts',
		defaults: { name: 'SyncBridge Contract Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['New', 'Changed', 'Unchanged', 'Orphaned'],
		credentials: [
			{
				name: 'syncBridgePostgres',
				required: true,
				testedBy: 'syncBridgePostgresConnectionTest',
				displayOptions: { show: { store: ['postgres'] } },
			},
		],
		properties: [
			{
				displayName: 'Synchronization ID',
				name: 'synchronizationId',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'crm-to-calendar',
				description: 'Names the synchronization whose contracts are used; the Upsert node reads it from the items',
			},
			{
				displayName: 'Origin ID Field',
				name: 'originIdPath',
				type: 'string',
				default: 'id',
				description: 'Dot path of the object ID in each item, e.g. "id" or "@attributes.identifier"',
			},
			{
				displayName: 'Origin Version Field',
				name: 'originVersionField',
				type: 'string',
				default: '',
				placeholder: 'updatedAt',
				description:
					'Dot path of a version number or ISO timestamp in each item. An item older than the last written version is routed to Unchanged (reason "stale") and never written. Empty: no ordering.',
			},
			{
				displayName: 'Items Come From',
				name: 'inboundSide',
				type: 'options',
				default: 'origin',
				options: [
					{ name: 'Origin', value: 'origin', description: 'The source of the synchronization (one-way, or the forward flow of a two-way sync)' },
					{ name: 'Target', value: 'target', description: 'The return flow of a two-way sync: item IDs are target IDs' },
				],
			},
			{
				displayName: 'Deleted Flag Field',
				name: 'deletedFlagField',
				type: 'string',
				default: '',
				placeholder: 'deleted',
				description:
					'Dot path of a field that is true on items reporting a deletion, e.g. set from a customer.deleted webhook, or path=value for a field with that value (status=cancelled for Google Calendar events). Such an item goes to Orphaned when it has a contract, so SyncBridge Upsert deletes its counterpart, and to Unchanged when it has none. Empty: no item is a deletion.',
			},
			{
				displayName: 'Volatile Fields',
				name: 'volatileFields',
				type: 'string',
				default: '',
				placeholder: 'updatedAt, meta.etag',
				description: 'Comma-separated dot paths left out of the hash, e.g. timestamps the system changes on every read',
			},
			{
				displayName: 'Linked Objects',
				name: 'links',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Linked Object',
				description:
					'References to objects of another synchronization (a membership\'s member): each is looked up in that synchronization\'s contracts and its ID on the other side is added as _syncbridge.links.<name>.linkedId',
				options: [
					{
						displayName: 'Link',
						name: 'link',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'member' },
							{
								displayName: 'ID Field',
								name: 'idPath',
								type: 'string',
								default: '',
								placeholder: 'memberId',
								description: 'Dot path of the linked object\'s ID in each item, on the same side as the item',
							},
							{
								displayName: 'Synchronization ID',
								name: 'synchronizationId',
								type: 'string',
								default: '',
								placeholder: 'members',
								description: 'The synchronization that writes the linked objects',
							},
						],
					},
				],
			},
			{
				displayName: 'Config Version',
				name: 'configVersion',
				type: 'string',
				default: '1',
				description: 'Change it when the synchronization configuration changes: every object is written again',
			},
			{
				displayName: 'Mapping Version',
				name: 'mappingVersion',
				type: 'string',
				default: '1',
				description: 'The version of the mapping applied before this node; a new version rewrites every object',
			},
			{
				displayName: 'Force',
				name: 'force',
				type: 'boolean',
				default: false,
				description: 'Whether to route every known object to Changed even when nothing changed',
			},
			{
				displayName: 'Detect Orphans',
				name: 'detectOrphans',
				type: 'boolean',
				default: false,
				description: 'Whether the input is the complete set from the source, so contracts missing from it are orphans to delete',
			},
			{
				displayName: 'Fetch Complete',
				name: 'fetchComplete',
				type: 'boolean',
				default: true,
				description: 'Whether every page of the source was fetched; deletes only happen after a complete fetch',
				displayOptions: { show: { detectOrphans: [true] } },
			},
			{
				displayName: 'Fetch Errors',
				name: 'fetchErrors',
				type: 'number',
				default: 0,
				description: 'Errors seen while fetching the source; any error blocks deletes',
				displayOptions: { show: { detectOrphans: [true] } },
			},
			{
				displayName: 'Test Run',
				name: 'testRun',
				type: 'boolean',
				default: false,
				description: 'Whether this is a test run; a test run never deletes',
				displayOptions: { show: { detectOrphans: [true] } },
			},
			{
				displayName: 'Restrict Deletion',
				name: 'restrictDeletion',
				type: 'boolean',
				default: false,
				description: 'Whether to delete only objects whose origin ID was part of the request to the source',
				displayOptions: { show: { detectOrphans: [true] } },
			},
			{
				displayName: 'Requested Origin IDs',
				name: 'requestedOriginIds',
				type: 'string',
				default: '',
				description: 'Comma-separated origin IDs that were requested from the source',
				displayOptions: { show: { detectOrphans: [true], restrictDeletion: [true] } },
			},
			{
				displayName: 'Delete Threshold',
				name: 'deleteThreshold',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 3 },
				default: 0.1,
				description: 'Largest share of contracts one run may delete; above it the delete pass refuses and reports',
				displayOptions: { show: { detectOrphans: [true] } },
			},
			...storeProperties,
		],
	};

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const outputs: INodeExecutionData[][] = [[], [], [], []];
		const synchronizationId = (this.getNodeParameter('synchronizationId', 0) as string).trim();
		if (synchronizationId === '') throw new NodeOperationError(this.getNode(), 'Synchronization ID is empty');
		const originIdPath = this.getNodeParameter('originIdPath', 0) as string;
		const inboundSide = this.getNodeParameter('inboundSide', 0) as Side;
		const configVersion = String(this.getNodeParameter('configVersion', 0));
		const mappingVersion = String(this.getNodeParameter('mappingVersion', 0));
		const runId = this.getExecutionId() ?? `run-${Date.now()}`;

		const options: CheckOptions = {
			synchronizationId,
			configVersion,
			mappingVersion,
			force: this.getNodeParameter('force', 0) as boolean,
			volatileFields: splitList(this.getNodeParameter('volatileFields', 0) as string),
			inboundSide,
			runId,
			originVersionField: (this.getNodeParameter('originVersionField', 0, '') as string).trim() || undefined,
			deletedFlagField: (this.getNodeParameter('deletedFlagField', 0, '') as string).trim() || undefined,
		};
		if (this.getNodeParameter('detectOrphans', 0) as boolean) {
			const restrictDeletion = this.getNodeParameter('restrictDeletion', 0) as boolean;
			options.completeSet = {
				fetchComplete: this.getNodeParameter('fetchComplete', 0) as boolean,
				fetchErrors: Number(this.getNodeParameter('fetchErrors', 0)),
				testRun: this.getNodeParameter('testRun', 0) as boolean,
				restrictDeletion,
				requestedOriginIds: restrictDeletion ? splitList(this.getNodeParameter('requestedOriginIds', 0) as string) : undefined,
				threshold: Number(this.getNodeParameter('deleteThreshold', 0)),
			};
		}

		const objects: { inboundId: string; record: unknown; itemIndex: number }[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const json = items[itemIndex].json;
			const inboundId = idAtPath(json, originIdPath);
			if (inboundId === undefined) {
				const error = new NodeOperationError(this.getNode(), `Item has no ID at "${originIdPath}"`, { itemIndex });
				if (!this.continueOnFail()) throw error;
				outputs[0].push({ json: { error: error.message }, error, pairedItem: { item: itemIndex } });
				continue;
			}
			objects.push({ inboundId, record: withoutMetadata(json), itemIndex });
		}

		const linkDefinitions = readLinkDefinitions(this.getNodeParameter('links', 0, {}));
		const incomplete = linkDefinitions.find((link) => link.name === '' || link.idPath === '' || link.synchronizationId === '');
		if (incomplete !== undefined) {
			throw new NodeOperationError(this.getNode(), `Linked object "${incomplete.name || incomplete.idPath || incomplete.synchronizationId}" needs a name, an ID field and a synchronization ID`);
		}
		let store: ContractStore;
		let result: Awaited<ReturnType<typeof checkBatch>>;
		let links: Awaited<ReturnType<typeof resolveLinks>>;
		try {
			store = await openNodeStore(this);
			result = await checkBatch(store, options, objects);
			links = await resolveLinks(store, inboundSide, linkDefinitions, objects.map((object) => object.record));
		} catch (error) {
			if (error instanceof InvalidOriginVersionError) throw new NodeOperationError(this.getNode(), error);
			throw new NodeOperationError(this.getNode(), error as Error, { description: 'The contract store could not be read' });
		}

		const base = { synchronizationId, runId, inboundSide, configVersion, mappingVersion };
		for (const checked of result.objects) {
			const { itemIndex } = objects[checked.index];
			const contract = checked.contract;
			const meta: ItemMetadata = {
				...base,
				inboundId: checked.inboundId,
				hash: checked.hash,
				route: checked.classification.route,
				reason: checked.classification.reason,
				targetId: contract === undefined ? null : inboundSide === 'origin' ? contract.targetId : contract.originId,
				...(checked.originVersion === undefined ? {} : { originVersion: checked.originVersion }),
				...deliveryOf(items[itemIndex].json),
				...(linkDefinitions.length === 0 ? {} : { links: links[checked.index] }),
			};
			outputs[outputIndex[meta.route]].push({
				json: { ...items[itemIndex].json, [metadataKey]: meta },
				pairedItem: { item: itemIndex },
			});
		}

		// Orphans have no input item of their own; they descend from the complete set, paired with its first item.
		for (const orphan of result.orphans) {
			const meta: ItemMetadata = {
				...base,
				inboundId: orphan.originId,
				hash: orphan.originHash ?? '',
				route: 'orphaned',
				reason: 'not-in-source',
				targetId: orphan.targetId,
			};
			outputs[3].push({ json: { originId: orphan.originId, targetId: orphan.targetId, [metadataKey]: meta }, pairedItem: { item: 0 } });
		}
		// Deliveries whose objects need no write are done here: nothing downstream will complete them.
		const settled = outputs[2].map((item) => (item.json[metadataKey] as ItemMetadata).delivery?.key).filter((key): key is string => key !== undefined);
		try {
			await completeDeliveries(this, settled);
		} catch (error) {
			this.logger.warn('SyncBridge: could not mark webhook deliveries completed', { error: (error as Error).message });
		}
		const pass = result.deletePass;
		if (pass !== undefined && !pass.allowed && pass.candidates > 0) {
			const meta: ItemMetadata = { ...base, inboundId: '', hash: '', route: 'orphaned', reason: 'not-in-source', targetId: null, deletePassRefused: pass };
			outputs[3].push({ json: { deletePass: { ...pass }, [metadataKey]: meta }, pairedItem: { item: 0 } });
		}
		return outputs;
	}
}

function readLinkDefinitions(value: unknown): LinkDefinition[] {
	const entries = (value as { link?: Array<Partial<LinkDefinition>> } | undefined)?.link ?? [];
	return entries
		.map((entry) => ({ name: String(entry.name ?? '').trim(), idPath: String(entry.idPath ?? '').trim(), synchronizationId: String(entry.synchronizationId ?? '').trim() }))
		.filter((entry) => entry.name !== '' || entry.idPath !== '' || entry.synchronizationId !== '');
}

function splitList(value: string): string[] {
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}
