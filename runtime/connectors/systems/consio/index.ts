import type { ConnectorDefinition } from '../../connector-definition';
import { consioCredential } from './credential';
import { consioConnector } from './description';
import { consioIncremental } from './incremental';

export { consioConnector };

export const consio: ConnectorDefinition = {
	descriptor: consioConnector,
	credential: consioCredential,
	incremental: consioIncremental,
	customOperations: [
		{ kind: 'csvExport', resource: 'activities', what: 'activities' },
		{ kind: 'csvImportFile', resource: 'activities', what: 'activities' },
	],
	name: 'Consio',
	node: {
		icon: 'consio.svg',
		description: 'Consio members and activities: list, get, create, update, export activities with CSV fallback',
	},
};
