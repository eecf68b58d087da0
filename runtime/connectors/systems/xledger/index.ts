import type { ConnectorDefinition } from '../../connector-definition';
import { xledgerCredential } from './credential';
import { xledgerConnector } from './description';
import { xledgerIncremental } from './incremental';

export { xledgerConnector };
export { glImportVariables } from './description';
export { reimbursementLines, voucherAgainstLedger, type BookedLine, type ReimbursementVoucher } from './vouchers';

export const xledger: ConnectorDefinition = {
	descriptor: xledgerConnector,
	credential: xledgerCredential,
	incremental: xledgerIncremental,
	customOperations: [{ kind: 'reimbursementExport', resource: 'accountingEntries' }],
	name: 'Xledger',
	node: {
		icon: 'xledger.svg',
		description:
			'Xledger accounting entries: list, create, export approved reimbursements as balanced vouchers (exactly once, with correction vouchers, after Contract Check)',
	},
};
