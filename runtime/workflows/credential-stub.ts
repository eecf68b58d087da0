import { isJsonObject } from './canonical-json';
import type { CredentialStub } from './workflow-document';

/** A credential as the target instance knows it. */
export interface InstanceCredential {
	id: string;
	name: string;
	type: string;
}

/** n8n's `{type: {id, name}}` -> `{type: {name}}`: ids differ between instances, name and type do not. */
export function stubCredentials(credentials: unknown): Record<string, CredentialStub> | undefined {
	if (!isJsonObject(credentials)) return undefined;
	const stubs: Record<string, CredentialStub> = {};
	for (const [type, reference] of Object.entries(credentials)) {
		if (isJsonObject(reference) && typeof reference.name === 'string') stubs[type] = { name: reference.name };
	}
	return Object.keys(stubs).length > 0 ? stubs : undefined;
}

export interface CredentialBinding {
	credentials?: Record<string, { id: string; name: string }>;
	/** `type: name` of each stub the instance has no credential for. */
	missing: string[];
}

/** Binds stubs to the instance's credentials by name and type. */
export function bindCredentials(
	stubs: Record<string, CredentialStub> | undefined,
	available: readonly InstanceCredential[],
): CredentialBinding {
	if (!stubs) return { missing: [] };
	const credentials: Record<string, { id: string; name: string }> = {};
	const missing: string[] = [];
	for (const [type, stub] of Object.entries(stubs)) {
		const match = available.find((credential) => credential.type === type && credential.name === stub.name);
		if (match) credentials[type] = { id: match.id, name: match.name };
		else missing.push(`${type}: ${stub.name}`);
	}
	return { credentials, missing };
}
