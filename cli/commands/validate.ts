import { buildNodeCatalogue } from '../../runtime/workflows/node-catalogue';
import { formatIssue, validateWorkflow } from '../../runtime/workflows/node-validation';
import type { WorkflowFile } from '../workflow-folder';

/** Prints every issue, file by file, and returns how many there were. */
export function validateFiles(files: WorkflowFile[], nodeTypes: unknown[], print: (line: string) => void): number {
	const catalogue = buildNodeCatalogue(nodeTypes);
	let count = 0;
	for (const { path, document } of files) {
		const issues = validateWorkflow(document, catalogue);
		count += issues.length;
		for (const issue of issues) print(`${path}: ${formatIssue(issue)}`);
	}
	print(
		count === 0
			? `${files.length} workflow(s) valid against ${catalogue.size} node types`
			: `${count} issue(s) in ${files.length} workflow(s)`,
	);
	return count;
}
