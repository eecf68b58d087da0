import { type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { createMapper, loadBundledDocument, runExamples, type MappingDocument } from '../../../runtime/mapping';
import { parsePastedDocument } from '../../../runtime/mapping/visual';
import { mappersDir } from '../bundled-mappers';
import { settleResults, sourceRecords } from '../mapped-items';

type Outputs = [INodeExecutionData[], INodeExecutionData[]];

/** A bundled or pasted mapping document: map, test its examples (red when one fails), or export it as is. */
export async function runDocumentMapping(context: IExecuteFunctions, mode: string): Promise<Outputs> {
	const document = readDocument(context);
	if (mode === 'export')
		return [[{ json: { document: document as unknown as IDataObject }, pairedItem: { item: 0 } }], []];
	if (mode === 'test') return testExamples(document);
	const items = context.getInputData();
	const mapped: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	const sources = sourceRecords(context, items, failed);
	const results = await createMapper(document).map(sources.map((source) => source.record));
	settleResults(results, sources, items, mapped, failed);
	return [mapped, failed];
}

/** The pasted text is read raw: n8n never evaluates it, so `{{field}}` templates survive. */
function readDocument(context: IExecuteFunctions): MappingDocument {
	if (context.getNodeParameter('source', 0) === 'bundled')
		return loadBundledDocument(mappersDir, context.getNodeParameter('document', 0) as string);
	return parsePastedDocument(context.getNodeParameter('documentJson', 0, '', { rawExpressions: true }));
}

/** The document itself first (readable in the output panel), then one item per example; any failing example fails the node. */
async function testExamples(document: MappingDocument): Promise<Outputs> {
	const examples = await runExamples(document);
	const failing = examples.filter((example) => !example.passed);
	if (failing.length > 0) {
		const lines = failing.map((example) => {
			const why = example.error
				? `${example.error.code}: ${example.error.message}`
				: `expected ${JSON.stringify(example.expected)}, got ${JSON.stringify(example.actual)}`;
			return `Example ${example.index}${example.description ? ` (${example.description})` : ''}: ${why}`;
		});
		throw new ExamplesFailedError(
			`${failing.length} of ${examples.length} examples of "${document.name}" fail`,
			lines.join('\n'),
		);
	}
	const output: INodeExecutionData[] = [
		{ json: { document: document as unknown as IDataObject }, pairedItem: { item: 0 } },
	];
	for (const example of examples)
		output.push({
			json: { ...example, document: document.name, version: document.version } as unknown as IDataObject,
			pairedItem: { item: 0 },
		});
	return [output, []];
}

/** The document's examples do not all pass: the node fails (red) with one line per failing example. */
class ExamplesFailedError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'ExamplesFailedError';
	}
}
