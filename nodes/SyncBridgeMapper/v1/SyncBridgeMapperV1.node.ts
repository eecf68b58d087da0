import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
} from 'n8n-workflow';
import {
	createMapper,
	loadBundledDocument,
	parseMappingDocument,
	runExamples,
	type MappingDocument,
} from '../../../runtime/mapping';
import { mappersDir } from '../bundled-mappers';
import { settleResults, sourceRecords } from '../mapped-items';
import { bundledDocumentProperty, getBundledDocuments, inputFormatProperties } from '../shared-parameters';

/** Version 1: a bundled or pasted mapping document (pasted JSON is evaluated by n8n like any parameter). */
export class SyncBridgeMapperV1 {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = {
			...baseDescription,
			version: 1,
			subtitle:
				'={{$parameter["mode"] === "test" ? "test mapping" : ($parameter["source"] === "bundled" ? $parameter["document"] : "pasted mapping")}}',
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
						{
							name: 'Test Mapping',
							value: 'test',
							description: "Run the document's examples and report pass or fail for each",
						},
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
				bundledDocumentProperty,
				{
					displayName: 'Mapping Document',
					name: 'documentJson',
					type: 'json',
					default: '{\n  "name": "my mapping",\n  "version": "1.0.0",\n  "mapping": {}\n}',
					required: true,
					description: 'A mapping document as JSON (see docs/mapping.md)',
					displayOptions: { show: { source: ['json'] } },
				},
				...inputFormatProperties({ mode: ['map'] }),
			],
		};
	}

	methods = { loadOptions: { getBundledDocuments } };

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
				else
					failed.push({
						json: {
							...json,
							error: example.error ?? {
								code: 'EXAMPLE_FAILED',
								message: `Example ${example.index} does not produce its expected output`,
							},
						},
						pairedItem: { item: 0 },
					});
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
