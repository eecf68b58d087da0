import type { INodeCredentialDescription } from 'n8n-workflow';
import type { CustomOperation } from '../../runtime/connectors';
import type { CustomOperationDescription } from './connector-properties';
import type { CustomOperationHandler } from './connector-router';
import { csvFallbackExport, exportDescription } from './csv-fallback-export';
import { csvImportFile, csvImportFileDescription } from './csv-import-file';
import { reimbursementExport, reimbursementExportDescription } from './reimbursement-export';
import { syncBridgePostgresConnectionTest } from './contract-store-parameters';

/** A connector's custom operation in its node: parameters, handler, and any credential it needs besides the system's. */
export interface CustomOperationNode {
	description: CustomOperationDescription;
	handler: CustomOperationHandler;
	credentials?: INodeCredentialDescription[];
	credentialTests?: Record<string, typeof syncBridgePostgresConnectionTest>;
}

/** The n8n adapter of a custom operation a connector declares. */
export function customOperationNode(operation: CustomOperation): CustomOperationNode {
	switch (operation.kind) {
		case 'csvExport':
			return {
				description: exportDescription(operation.resource, operation.what),
				handler: csvFallbackExport(operation.resource),
			};
		case 'csvImportFile':
			return {
				description: csvImportFileDescription(operation.resource, operation.what),
				handler: csvImportFile(operation.resource),
			};
		case 'reimbursementExport': {
			const description = reimbursementExportDescription(operation.resource);
			return {
				description,
				handler: reimbursementExport(operation.resource),
				// The contract store of items routed by Contract Check, when it is Postgres.
				credentials: [
					{
						name: 'syncBridgePostgres',
						required: true,
						testedBy: 'syncBridgePostgresConnectionTest',
						displayOptions: { show: { operation: [description.value], store: ['postgres'] } },
					},
				],
				credentialTests: { syncBridgePostgresConnectionTest },
			};
		}
	}
}
