import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { xledgerConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { exportReimbursements, exportReimbursementsDescription } from '../shared/xledger-reimbursement-export';
import { syncBridgePostgresConnectionTest } from '../shared/contract-store-parameters';

export class SyncBridgeXledger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Xledger',
		name: 'syncBridgeXledger',
		icon: 'file:xledger.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Xledger accounting entries: list, create, export approved reimbursements as balanced vouchers (exactly once, with correction vouchers, after Contract Check)',
		defaults: { name: 'SyncBridge Xledger' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [
			{ name: 'syncBridgeXledgerApi', required: true },
			{
				name: 'syncBridgePostgres',
				required: true,
				testedBy: 'syncBridgePostgresConnectionTest',
				displayOptions: { show: { operation: ['exportReimbursements'], store: ['postgres'] } },
			},
		],
		properties: connectorProperties(xledgerConnector, { custom: [exportReimbursementsDescription] }),
	};

	methods = { credentialTest: { syncBridgePostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: xledgerConnector, credentialType: 'syncBridgeXledgerApi', custom: { 'accountingEntries:exportReimbursements': exportReimbursements } });
	}
}
