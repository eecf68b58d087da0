import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import { storeCredential, storeProperties } from '../shared/contract-store-parameters';

/** SyncBridge Contract Check's parameters: the synchronization, how items are identified and hashed, orphans, store. */
export const contractCheckProperties: INodeProperties[] = [
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
			{
				name: 'Origin',
				value: 'origin',
				description: 'The source of the synchronization (one-way, or the forward flow of a two-way sync)',
			},
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
			"References to objects of another synchronization (a membership's member): each is looked up in that synchronization's contracts and its ID on the other side is added as _syncbridge.links.<name>.linkedId",
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
						description: "Dot path of the linked object's ID in each item, on the same side as the item",
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
		description:
			'Whether the input is the complete set from the source, so contracts missing from it are orphans to delete',
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
];

export const contractCheckCredentials: INodeCredentialDescription[] = [storeCredential];
