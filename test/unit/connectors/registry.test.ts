import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { connectorDefinition, connectorDefinitions, descriptorProblems } from '../../../runtime/connectors';

/** The repository root, from dist/test/unit/connectors. */
const root = join(__dirname, '..', '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	n8n: { credentials: string[]; nodes: string[] };
};

/** The class n8n would load from a file listed in package.json (exported under the file's name). */
async function load<T>(listed: string): Promise<T> {
	const className = listed.split('/').pop()?.split('.')[0] as string;
	const module = (await import(pathToFileURL(join(root, listed)).href)) as Record<string, new () => T>;
	assert.equal(typeof module[className], 'function', `${listed} exports ${className}`);
	return new module[className]();
}

describe('connector registry', () => {
	it('lists each system once, by a valid descriptor that signs with its credential block', () => {
		const ids = connectorDefinitions.map((definition) => definition.descriptor.id);
		assert.equal(new Set(ids).size, ids.length);
		for (const { descriptor, credential } of connectorDefinitions) {
			assert.deepEqual(descriptorProblems(descriptor), [], descriptor.id);
			assert.equal(descriptor.credentialType, credential.name, descriptor.id);
			assert.deepEqual(descriptor.auth, credential.auth, descriptor.id);
			assert.equal(
				credential.oauth2 !== undefined,
				credential.auth.kind === 'oauth2',
				`${descriptor.id}: OAuth2 settings exactly when it signs with OAuth2`,
			);
			assert.equal(
				connectorDefinition(descriptor.id),
				connectorDefinitions.find((definition) => definition.descriptor === descriptor),
			);
		}
		assert.equal(connectorDefinition('no-such-system'), undefined);
	});

	it('polls a resource that lists, and offers custom operations only on resources that exist', () => {
		for (const { descriptor, incremental, customOperations } of connectorDefinitions) {
			if (incremental !== undefined) {
				assert.ok(
					descriptor.resources[incremental.resource]?.operations.list,
					`${descriptor.id} polls ${incremental.resource}`,
				);
				assert.notEqual(incremental.cursorField, '');
			}
			for (const operation of customOperations ?? []) {
				assert.ok(
					descriptor.resources[operation.resource],
					`${descriptor.id}: ${operation.kind} on ${operation.resource}`,
				);
				if (operation.kind !== 'reimbursementExport')
					assert.ok(
						descriptor.resources[operation.resource].csvExport,
						`${descriptor.id}: ${operation.kind} needs a CSV format`,
					);
			}
		}
	});

	it('every credential block has a credential class n8n loads from package.json, built from it', async () => {
		const loaded = await Promise.all(manifest.n8n.credentials.map((listed) => load<ICredentialType>(listed)));
		for (const { descriptor, credential } of connectorDefinitions) {
			const found = loaded.find((candidate) => candidate.name === credential.name);
			assert.ok(found, `${descriptor.id}: ${credential.name} is listed in package.json`);
			assert.equal(found.displayName, credential.displayName);
			assert.deepEqual(
				credential.fields.map((field) => field.name),
				found.properties
					.map((property) => property.name)
					.filter((name) => credential.fields.some((field) => field.name === name)),
			);
		}
	});

	it('every system with a node of its own has it in package.json, with the type name its workflows use', async () => {
		const loaded = (await Promise.all(manifest.n8n.nodes.map((listed) => load<INodeType>(listed)))).map(
			(node) => node.description,
		);
		for (const { descriptor, credential, name, node } of connectorDefinitions) {
			if (node === undefined) continue;
			const found = loaded.find((description) => description.name === `syncBridge${name.replace(/\s+/g, '')}`);
			assert.ok(found, `${descriptor.id} has a node`);
			assert.equal(found.displayName, `SyncBridge ${name}`);
			assert.equal(found.credentials?.[0].name, credential.name);
		}
	});
});
