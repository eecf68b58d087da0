import { apiKeyCredential } from './api-key-credential';
import type { ConnectorDescriptor } from './connector-descriptor';
import { validateDescriptor } from './descriptor-validation';

/**
 * A connector for any REST or XML API, built from a descriptor the user supplies (as JSON in the
 * node, or from a file). Throws a ConnectorDescriptorError listing every problem when it is not
 * usable. Credentials default to SyncBridge's generic API-key credential.
 */
export function createGenericConnector(input: unknown): ConnectorDescriptor {
	const descriptor = validateDescriptor(structuredClone(input));
	return { credentialType: apiKeyCredential.name, ...descriptor };
}
