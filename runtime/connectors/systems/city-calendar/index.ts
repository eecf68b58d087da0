import type { ConnectorDefinition } from '../../connector-definition';
import { cityCalendarCredential } from './credential';
import { cityCalendarConnector } from './description';
import { cityCalendarIncremental } from './incremental';

export { cityCalendarConnector };

/** Served by the SyncBridge REST node (built-in choice City Calendar), so it has no node of its own. */
export const cityCalendar: ConnectorDefinition = {
	descriptor: cityCalendarConnector,
	credential: cityCalendarCredential,
	incremental: cityCalendarIncremental,
	name: 'City Calendar',
	restChoice: { value: 'cityCalendar', description: 'Events over X-API-Key, JSON (events) and XML (eventsXml)' },
};
