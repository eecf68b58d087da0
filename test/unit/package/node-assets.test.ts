import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';

// Runs from dist/test/unit/package: what the build put into dist/ is what n8n loads.
const distRoot = join(__dirname, '..', '..', '..');
const repoRoot = join(distRoot, '..');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const docsBase = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/';
// The categories of n8n's nodes panel (docs: "Node categories").
const n8nCategories = [
	'Analytics',
	'Communication',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing & Content',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

type Description = { name: string; icon?: unknown };
type Codex = {
	node: string;
	nodeVersion: string;
	codexVersion: string;
	categories: string[];
	resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
};

async function loadClass(
	distPath: string,
): Promise<{ description: Description; nodeVersions?: Record<string, { description: Description }> }> {
	const file = join(repoRoot, distPath);
	const className = basename(file).split('.')[0];
	const Class = ((await import(file)) as Record<string, new () => never>)[className];
	assert.ok(Class, `${distPath} exports ${className}`);
	return new Class();
}

/** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
function headingAnchor(heading: string): string {
	return heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

function assertDocumentationLink(url: string) {
	assert.ok(url.startsWith(docsBase), `${url} points into the repository`);
	const [path, anchor] = url.slice(docsBase.length).split('#');
	const file = join(repoRoot, path);
	assert.ok(existsSync(file), `${url}: ${path} exists`);
	if (anchor === undefined) return;
	const anchors = readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => headingAnchor(line.replace(/^#+ /, '')));
	assert.ok(anchors.includes(anchor), `${url}: ${path} has a heading #${anchor}`);
}

function assertThemedIcon(icon: unknown, besideFile: string, owner: string) {
	assert.equal(typeof icon, 'object', `${owner} has a light and a dark icon`);
	const { light, dark } = icon as { light: string; dark: string };
	assert.notEqual(light, dark, `${owner}: light and dark icons differ`);
	for (const reference of [light, dark]) {
		assert.match(reference, /^file:[\w.-]+\.svg$/, `${owner}: ${reference}`);
		const file = join(dirname(besideFile), reference.slice('file:'.length));
		assert.ok(existsSync(file), `${owner}: ${reference} is copied beside ${basename(besideFile)}`);
		assert.match(readFileSync(file, 'utf8'), /^<svg [^>]*viewBox="0 0 \d+ \d+"/, `${owner}: ${reference} is an SVG`);
	}
}

describe('nodes in dist', () => {
	for (const distPath of packageJson.n8n.nodes) {
		it(`${basename(distPath)} has its codex and a light and a dark icon`, async () => {
			const node = await loadClass(distPath);
			const codexFile = join(repoRoot, distPath.replace(/\.js$/, '.json'));
			assert.ok(existsSync(codexFile), `${basename(codexFile)} is copied beside the node`);
			const codex = JSON.parse(readFileSync(codexFile, 'utf8')) as Codex;
			assert.equal(codex.node, `${packageJson.name}.${node.description.name}`);
			assert.equal(codex.nodeVersion, '1.0');
			assert.equal(codex.codexVersion, '1.0');
			assert.ok(codex.categories.length > 0, 'at least one category');
			for (const category of codex.categories)
				assert.ok(n8nCategories.includes(category), `${category} is one of n8n's categories`);
			assert.ok(codex.resources.primaryDocumentation.length > 0, 'a primary documentation link');
			for (const { url } of [
				...codex.resources.primaryDocumentation,
				...(codex.resources.credentialDocumentation ?? []),
			]) {
				assertDocumentationLink(url);
			}
			assertThemedIcon(node.description.icon, join(repoRoot, distPath), node.description.name);
			// A versioned node (n8n's VersionedNodeType) may give a version its own icon.
			for (const [version, { description }] of Object.entries(node.nodeVersions ?? {})) {
				if (description.icon !== undefined)
					assertThemedIcon(description.icon, join(repoRoot, distPath), `${description.name} v${version}`);
			}
		});
	}
});

describe('credentials in dist', () => {
	for (const distPath of packageJson.n8n.credentials) {
		it(`${basename(distPath)} has a light and a dark icon`, async () => {
			const credential = (await loadClass(distPath)) as unknown as { name: string; icon: unknown };
			assertThemedIcon(credential.icon, join(repoRoot, distPath), credential.name);
		});
	}
});
