import type { ConnectorDefinition } from '../../connector-definition';
import { cornerstoneCredential } from './credential';
import { cornerstoneConnector } from './description';
import { cornerstoneIncremental } from './incremental';

export { cornerstoneConnector };

export const cornerstone: ConnectorDefinition = {
	descriptor: cornerstoneConnector,
	credential: cornerstoneCredential,
	incremental: cornerstoneIncremental,
	customOperations: [
		{ kind: 'csvExport', resource: 'enrollments', what: 'course enrollments' },
		{ kind: 'csvImportFile', resource: 'enrollments', what: 'course enrollments' },
	],
	name: 'Cornerstone',
	node: {
		icon: 'cornerstone.svg',
		description: 'Cornerstone course enrollments: list (transcripts), create (assign), export with CSV fallback',
	},
};
