import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import type { WorkflowDocument } from './workflow-document';

/** sha256 of the canonical content, leaving out `version` so that a version bump alone changes nothing. */
export function contentHash(document: WorkflowDocument | Omit<WorkflowDocument, 'version'>): string {
	const content: Partial<WorkflowDocument> = { ...document };
	delete content.version;
	return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
