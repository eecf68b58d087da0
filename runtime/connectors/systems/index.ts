import type { ConnectorDescriptor } from '../connector-descriptor';
import { cityCalendarConnector } from './city-calendar';
import { consioConnector } from './consio';
import { cornerstoneConnector } from './cornerstone';
import { dynamics365Connector } from './dynamics365';
import { googleCalendarConnector } from './google-calendar';
import { salesforceConnector } from './salesforce';
import { stripeConnector } from './stripe';
import { xledgerConnector } from './xledger';

export { cityCalendarConnector, consioConnector, cornerstoneConnector, dynamics365Connector, googleCalendarConnector, salesforceConnector, stripeConnector, xledgerConnector };
export { modifiedSinceSoql, SALESFORCE_API_VERSION } from './salesforce';
export { webhookServiceEndpoint } from './dynamics365';
export { glImportVariables } from './xledger';

/** The built-in connectors, by id. */
export const builtInConnectors: Readonly<Record<string, ConnectorDescriptor>> = Object.freeze(
	Object.fromEntries(
		[stripeConnector, salesforceConnector, googleCalendarConnector, dynamics365Connector, xledgerConnector, cornerstoneConnector, consioConnector, cityCalendarConnector].map(
			(descriptor) => [descriptor.id, descriptor],
		),
	),
);
