import type { ConnectorDefinition } from '../../connector-definition';
import { dynamics365Credential } from './credential';
import { dynamics365Connector } from './description';
import { dynamics365Incremental } from './incremental';

export { dynamics365Connector };
export { webhookServiceEndpoint } from './description';

export const dynamics365: ConnectorDefinition = {
	descriptor: dynamics365Connector,
	credential: dynamics365Credential,
	incremental: dynamics365Incremental,
	name: 'Dynamics 365',
	node: {
		icon: 'dynamics365.svg',
		description:
			'Dynamics 365 / Dataverse contacts and memberships: list (@odata.nextLink), get, create, update, upsert, delete',
	},
};
