import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { stripeConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { connectorFieldMethods } from '../shared/target-fields';

export class SyncBridgeStripe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Stripe',
		name: 'syncBridgeStripe',
		icon: { light: 'file:stripe.svg', dark: 'file:stripe.dark.svg' },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: [1, 2],
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Stripe customers: list (cursor pages), get, create, update, delete',
		defaults: { name: 'SyncBridge Stripe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: 'syncBridgeStripeApi', required: true }],
		properties: connectorProperties(stripeConnector),
	};

	methods = { resourceMapping: connectorFieldMethods(stripeConnector, 'syncBridgeStripeApi') };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: stripeConnector, credentialType: 'syncBridgeStripeApi' });
	}
}
