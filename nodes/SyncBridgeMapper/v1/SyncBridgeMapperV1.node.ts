import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	createMapper,
	listBundledDocuments,
	loadBundledDocument,
	parseMappingDocument,
	runExamples,
	type MappingDocument,
} from '../../../runtime/mapping';
import { mappersDir } from '../bundled-mappers';
import { settleResults, sourceRecords } from '../mapped-items';

/** Version 1: a bundled or pasted mapping document (pasted JSON is evaluated by n8n like any parameter). */
export class SyncBridgeMapperV1 {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = {
		...baseDescription,
		version: 1,
		subtitle: '={{$parameter["mode"] === "test" ? "test mapping" : ($parameter["source"] === "bundled" ? $parameter["document"] : "pasted mapping")}}',
		description: 'Map items with a sandboxed, versioned mapping document',
		defaults: { name: 'SyncBridge Mapper' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Mapped', 'Error'],
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Map', value: 'map', description: 'Map every input item' },
					{ name: 'Test Mapping', value: 'test', description: "Run the document's examples and report pass or fail for each" },
				],
				default: 'map',
			},
			{
				displayName: 'Mapping Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Bundled Document', value: 'bundled' },
					{ name: 'Pasted JSON', value: 'json' },
				],
				default: 'bundled',
			},
			{
				displayName: 'Mapping Document Name or ID',
				name: 'document',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getBundledDocuments' },
				default: '',
				required: true,
				description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				displayOptions: { show: { source: ['bundled'] } },
			},
			{
				displayName: 'Mapping Document',
				name: 'documentJson',
				type: 'json',
				default: '{\n  "name": "my mapping",\n  "version": "1.0.0",\n  "mapping": {}\n}',
				required: true,
				description: 'A mapping document as JSON (see docs/mapping.md)',
				displayOptions: { show: { source: ['json'] } },
			},
			{
				displayName: 'Input Format',
				name: 'inputFormat',
				type: 'options',
				options: [
					{ name: 'JSON Items', value: 'json', description: 'Each item is one record' },
					{ name: 'XML String Field', value: 'xml', description: 'A field of each item holds XML' },
					{ name: 'CSV String Field', value: 'csv', description: 'A field of each item holds CSV with a header row' },
				],
				default: 'json',
				displayOptions: { show: { mode: ['map'] } },
			},
			{
				displayName: 'Input Field',
				name: 'inputField',
				type: 'string',
				default: 'data',
				description: 'Name of the field that holds the XML or CSV text',
				displayOptions: { show: { mode: ['map'], inputFormat: ['xml', 'csv'] } },
			},
			{
				displayName: 'Results Position',
				name: 'resultsPosition',
				type: 'string',
				default: '_root',
				placeholder: 'elements.element',
				description: 'Dot path of the records inside the parsed XML; _root for the whole document',
				displayOptions: { show: { mode: ['map'], inputFormat: ['xml'] } },
			},
		],
		};
	}

	methods = {
		loadOptions: {
			async getBundledDocuments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return listBundledDocuments(mappersDir).map((d) => ({ name: `${d.name} (${d.version})`, value: d.id, description: d.id }));
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const mode = this.getNodeParameter('mode', 0) as string;
		let document: MappingDocument;
		try {
			document = readDocument(this);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error instanceof Error ? error.message : String(error));
		}
		const mapped: INodeExecutionData[] = [];
		const failed: INodeExecutionData[] = [];

		if (mode === 'test') {
			let examples;
			try {
				examples = await runExamples(document);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), error instanceof Error ? error.message : String(error));
			}
			for (const example of examples) {
				const json = { ...example, document: document.name, version: document.version } as unknown as IDataObject;
				if (example.passed) mapped.push({ json, pairedItem: { item: 0 } });
				else failed.push({ json: { ...json, error: example.error ?? { code: 'EXAMPLE_FAILED', message: `Example ${example.index} does not produce its expected output` } }, pairedItem: { item: 0 } });
			}
			return [mapped, failed];
		}

		const sources = sourceRecords(this, items, failed);
		let results;
		try {
			results = await createMapper(document).map(sources.map((s) => s.record));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error instanceof Error ? error.message : String(error));
		}
		settleResults(results, sources, items, mapped, failed);
		return [mapped, failed];
	}
}

function readDocument(context: IExecuteFunctions): MappingDocument {
	if (context.getNodeParameter('source', 0) === 'bundled') {
		return loadBundledDocument(mappersDir, context.getNodeParameter('document', 0) as string);
	}
	const pasted = context.getNodeParameter('documentJson', 0) as unknown;
	return parseMappingDocument(typeof pasted === 'string' ? pasted : JSON.stringify(pasted));
}
