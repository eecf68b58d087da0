import { NodeOperationError, type INode } from 'n8n-workflow';
import { ConnectorDescriptorError, createGenericConnector, type ConnectorDescriptor } from '../../runtime/connectors';

/** The user's descriptor JSON as a validated connector, or an error naming every problem. */
export function descriptorFromParameter(node: INode, value: unknown): ConnectorDescriptor {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new NodeOperationError(node, `The connector descriptor is not valid JSON: ${(error as Error).message}`, {
				description:
					'Paste a descriptor as documented in docs/connectors.md (id, displayName, baseUrl, auth, pagination, resources).',
			});
		}
	}
	try {
		return createGenericConnector(parsed);
	} catch (error) {
		if (error instanceof ConnectorDescriptorError) {
			throw new NodeOperationError(
				node,
				`Invalid connector descriptor (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'})`,
				{ description: error.problems.join('\n') },
			);
		}
		throw new NodeOperationError(node, error as Error);
	}
}

/** Fields for a generic connector without credentials: the Base URL parameter fills `{{baseUrl}}`. */
export function credentialFieldsWithoutAuth(baseUrl: unknown): Record<string, unknown> {
	return { baseUrl: String(baseUrl ?? '').trim() };
}
