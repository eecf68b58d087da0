import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { ConnectorDefinition } from '../../runtime/connectors';
import { connectorProperties, takesMappedFields } from './connector-properties';
import { executeConnector } from './connector-router';
import { customOperationNode } from './custom-operations';
import { connectorFieldMethods } from './target-fields';

/**
 * The n8n node of a built-in system, from its definition: `export class SyncBridgeX extends
 * connectorNode(x) {}`. Type name `syncBridge<Name>` and display name `SyncBridge <Name>` come from
 * the definition's short name; parameters from its descriptor (connector-properties.ts).
 */
export function connectorNode(definition: ConnectorDefinition) {
	const { descriptor, credential, name, node } = definition;
	if (node === undefined) throw new Error(`${descriptor.displayName} has no node of its own`);
	const custom = (definition.customOperations ?? []).map(customOperationNode);
	const credentialTests = Object.assign({}, ...custom.map((operation) => operation.credentialTests ?? {}));
	const displayName = `SyncBridge ${name}`;
	const describe = (): INodeTypeDescription => ({
		displayName,
		name: `syncBridge${name.replace(/\s+/g, '')}`,
		icon: { light: `file:${node.icon}`, dark: `file:${node.icon.replace(/\.svg$/, '.dark.svg') as `${string}.svg`}` },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: Object.values(descriptor.resources).some(takesMappedFields) ? [1, 2] : 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: node.description,
		defaults: { name: displayName },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [
			{ name: credential.name, required: true },
			...custom.flatMap((operation) => operation.credentials ?? []),
		],
		properties: connectorProperties(descriptor, {
			placeholders: node.placeholders,
			listQuery: node.listQuery,
			custom: custom.map((operation) => operation.description),
		}),
	});
	return class implements INodeType {
		description = describe();

		methods = {
			resourceMapping: connectorFieldMethods(descriptor, credential.name),
			...(Object.keys(credentialTests).length > 0 ? { credentialTest: credentialTests } : {}),
		};

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return executeConnector(this, {
				descriptor,
				credentialType: credential.name,
				listQueryParam: node.listQuery?.name,
				custom: Object.fromEntries(
					custom.map((operation) => [
						`${operation.description.resource}:${operation.description.value}`,
						operation.handler,
					]),
				),
			});
		}
	};
}
