import { readFile } from 'node:fs/promises';
import { canonicalJson } from '../../runtime/workflows/canonical-json';
import { parseMappingDocument, type MappingDocument } from '../../runtime/mapping';
import { exportMappingDocument } from '../../runtime/mapping/visual';
import { visualParametersOf } from '../../nodes/SyncBridgeMapper/v2/opened-document';
import { visualSetupOf, type VisualParameters } from '../../nodes/SyncBridgeMapper/v2/visual-setup';
import { UsageError } from '../arguments';
import { readWorkflowFile } from '../workflow-folder';

const mapperType = 'n8n-nodes-syncbridge.syncBridgeMapper';

/**
 * A mapping document as a visual SyncBridge Mapper node, as n8n's clipboard holds nodes: paste it onto
 * the canvas to open the document in the visual mode.
 */
export async function openMapping(documentPath: string): Promise<string> {
	const document = parseMappingDocument(await readFile(documentPath, 'utf8'));
	const parameters = { mode: 'map', source: 'visual', ...visualParametersOf(document) };
	return canonicalJson({
		nodes: [{ parameters, type: mapperType, typeVersion: 2, position: [0, 0], name: document.name }],
		connections: {},
	});
}

/** The visual Mapper node `nodeName` of a workflow file, as a mapping document (the mappers/ format). */
export async function exportMapping(workflowPath: string, nodeName: string | undefined): Promise<string> {
	const { document } = await readWorkflowFile(workflowPath);
	const nodes = (document.nodes ?? []) as {
		name: string;
		type: string;
		typeVersion: number;
		parameters?: Record<string, unknown>;
	}[];
	const mappers = nodes.filter(
		(node) =>
			node.type.endsWith('.syncBridgeMapper') &&
			node.typeVersion >= 2 &&
			(node.parameters?.source ?? 'visual') === 'visual',
	);
	const node =
		nodeName === undefined && mappers.length === 1
			? mappers[0]
			: mappers.find((candidate) => candidate.name === nodeName);
	if (node === undefined) {
		throw new UsageError(
			`${workflowPath} has no visual SyncBridge Mapper${nodeName === undefined ? '' : ` named "${nodeName}"`}; it has: ${mappers.map((m) => m.name).join(', ') || 'none'}`,
		);
	}
	const parameters = { target: 'free', ...node.parameters } as VisualParameters;
	const mapping: MappingDocument = exportMappingDocument(visualSetupOf(parameters, node.name, []).visual, []);
	return canonicalJson(mapping);
}
