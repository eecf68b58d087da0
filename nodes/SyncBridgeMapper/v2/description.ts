import {
	NodeConnectionTypes,
	type INodeProperties,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { castNames } from '../../../runtime/mapping';
import { targetFieldsProperty } from '../../shared/target-fields';
import { bundledDocumentProperty, inputFormatProperties } from '../shared-parameters';
import { freeFieldsTarget, liveFieldCredentials, mappingTargetOptions } from './targets';

const visual = { show: { source: ['visual'] } };

const castOptions = [{ name: 'None', value: '' }, ...castNames.map((name) => ({ name, value: name }))];

const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Map', value: 'map', description: 'Map every input item' },
			{
				name: 'Test Mapping',
				value: 'test',
				description:
					'Preview each field (source value → target value, missing and mistyped fields); run a document’s examples',
			},
			{
				name: 'Export Mapping Document',
				value: 'export',
				description: 'Write the mapping as a versioned mapping document with the input items as examples',
			},
		],
		default: 'map',
	},
	{
		displayName: 'Mapping',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fields (Visual)',
				value: 'visual',
				description: 'Pick a target and fill its fields by dragging input fields',
			},
			{ name: 'Bundled Document', value: 'bundled', description: 'A versioned document shipped in mappers/' },
			{
				name: 'Pasted Document',
				value: 'json',
				description: 'A mapping document as JSON, read as written (never evaluated by n8n)',
			},
		],
		default: 'visual',
	},
	{
		displayName: 'Target',
		name: 'target',
		type: 'options',
		noDataExpression: true,
		options: mappingTargetOptions(),
		default: freeFieldsTarget,
		description: 'The system and record type to map to; its fields come from the connector description',
		displayOptions: visual,
	},
	targetFieldsProperty({
		dependsOn: ['target'],
		displayOptions: { show: { source: ['visual'] }, hide: { target: [freeFieldsTarget] } },
		resourceMapper: {
			mode: 'add',
			addAllFields: true,
			multiKeyMatch: false,
			noFieldsError: 'This target has no field list; use Free Fields',
		},
	}),
	{
		displayName: 'Fields',
		name: 'freeFields',
		type: 'assignmentCollection',
		default: {},
		displayOptions: { show: { source: ['visual'], target: [freeFieldsTarget] } },
	},
	{
		displayName: 'Casts and Defaults',
		name: 'fieldOptions',
		placeholder: 'Add Cast or Default',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: visual,
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getMappedFieldNames', loadOptionsDependsOn: ['target'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Cast',
						name: 'cast',
						type: 'options',
						options: castOptions,
						default: '',
						description:
							'Converts the value after it is read (see docs/mapping.md, Casts); several entries for one field apply in order',
					},
					{
						displayName: 'Cast Argument',
						name: 'castArgument',
						type: 'string',
						default: '',
						placeholder: 'YYYY-MM-DD',
						description: 'For date: the format; for unsetIfValue / setNullIfValue: the value',
						displayOptions: { show: { cast: ['date', 'unsetIfValue', 'setNullIfValue'] } },
					},
					{
						displayName: 'Default',
						name: 'defaultValue',
						type: 'string',
						default: '',
						description: 'Written when the value comes out missing, null or empty (leave empty for none)',
					},
				],
			},
		],
	},
	{
		displayName: 'Only Map Items Where',
		name: 'conditions',
		type: 'filter',
		default: {},
		typeOptions: { filter: { caseSensitive: true, typeValidation: 'strict', version: 2 } },
		description: 'Items that do not match go to the Error output with the reason CONDITIONS_NOT_MET',
		displayOptions: visual,
	},
	{
		...bundledDocumentProperty,
		description: `${bundledDocumentProperty.description}. Test Mapping shows the whole document.`,
	},
	{
		displayName: 'Mapping Document',
		name: 'documentJson',
		type: 'json',
		noDataExpression: true,
		default: '{\n  "name": "my mapping",\n  "version": "1.0.0",\n  "mapping": {}\n}',
		required: true,
		description:
			'A mapping document as JSON (see docs/mapping.md). Handlebars {{field}} templates are kept as written; n8n expressions are not allowed here.',
		displayOptions: { show: { source: ['json'] } },
	},
	...inputFormatProperties(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: visual,
		options: [
			{
				displayName: 'Auto-Map Empty Fields',
				name: 'autoMap',
				type: 'boolean',
				default: true,
				description:
					'Whether to fill target fields left empty from input fields of the same name, ignoring case and separators (first_name = firstName = FirstName); a field you set is never overwritten',
			},
			{
				displayName: 'Check Required Fields and Types',
				name: 'checkFields',
				type: 'boolean',
				default: true,
				description:
					'Whether items with an empty required field or a value of the wrong type go to the Error output, naming the field',
			},
			{
				displayName: 'Keep Input Fields',
				name: 'keepInputFields',
				type: 'boolean',
				default: false,
				description: 'Whether to start from the input item instead of an empty record',
			},
			{
				displayName: 'Document Name',
				name: 'documentName',
				type: 'string',
				default: '',
				description: 'Name of the exported mapping document (defaults to the node name)',
			},
			{
				displayName: 'Document Version',
				name: 'documentVersion',
				type: 'string',
				default: '1.0.0',
				description: 'Semantic version of the exported mapping document',
			},
		],
	},
];

export function mapperV2Description(base: INodeTypeBaseDescription): INodeTypeDescription {
	return {
		...base,
		version: 2,
		subtitle:
			'={{$parameter["source"] === "visual" ? $parameter["target"] : ($parameter["source"] === "bundled" ? $parameter["document"] : "pasted document")}}',
		defaults: { name: 'SyncBridge Mapper' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Mapped', 'Error'],
		credentials: liveFieldCredentials(),
		properties,
	};
}
