import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseMappingDocument, type MappingDocument } from './mapping-document';
import { MappingError } from './mapping-error';

export interface BundledDocument {
	/** Path relative to the mappers folder, e.g. `stripe/customer-to-app-user.json`. */
	id: string;
	name: string;
	version: string;
}

/** Every `mappers/<system>/*.json`, sorted by id. */
export function listBundledDocuments(mappersDir: string): BundledDocument[] {
	const found: BundledDocument[] = [];
	for (const system of readdirSync(mappersDir, { withFileTypes: true })) {
		if (!system.isDirectory()) continue;
		for (const file of readdirSync(join(mappersDir, system.name))) {
			if (!file.endsWith('.json')) continue;
			const path = join(mappersDir, system.name, file);
			const doc = parseMappingDocument(readFileSync(path, 'utf8'));
			found.push({ id: relative(mappersDir, path).split('\\').join('/'), name: doc.name, version: doc.version });
		}
	}
	return found.sort((a, b) => a.id.localeCompare(b.id));
}

export function loadBundledDocument(mappersDir: string, id: string): MappingDocument {
	if (!/^[a-z0-9-]+\/[A-Za-z0-9._-]+\.json$/.test(id) || id.includes('..')) {
		throw new MappingError('UNKNOWN_DOCUMENT', `"${id}" is not a bundled mapping document id`);
	}
	let text: string | undefined;
	try {
		text = readFileSync(join(mappersDir, id), 'utf8');
	} catch {
		text = undefined;
	}
	if (text === undefined) throw new MappingError('UNKNOWN_DOCUMENT', `Bundled mapping document "${id}" cannot be read`);
	return parseMappingDocument(text);
}
