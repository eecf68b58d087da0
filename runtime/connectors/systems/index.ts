import type { ConnectorDefinition } from '../connector-definition';
import type { ConnectorDescriptor } from '../connector-descriptor';
import { cityCalendar } from './city-calendar';
import { consio } from './consio';
import { cornerstone } from './cornerstone';
import { dynamics365 } from './dynamics365';
import { googleCalendar } from './google-calendar';
import { salesforce } from './salesforce';
import { stripe } from './stripe';
import { xledger } from './xledger';

export { cityCalendar, consio, cornerstone, dynamics365, googleCalendar, salesforce, stripe, xledger };
export { cityCalendarConnector } from './city-calendar';
export { consioConnector } from './consio';
export { cornerstoneConnector } from './cornerstone';
export { dynamics365Connector, webhookServiceEndpoint } from './dynamics365';
export { googleCalendarConnector } from './google-calendar';
export { modifiedSinceSoql, SALESFORCE_API_VERSION, salesforceConnector } from './salesforce';
export { stripeConnector } from './stripe';
export {
	glImportVariables,
	reimbursementLines,
	voucherAgainstLedger,
	xledgerConnector,
	type BookedLine,
	type ReimbursementVoucher,
} from './xledger';

/** The built-in systems, in the order nodes and lists offer them (a new system: import it above and list it here). */
export const connectorDefinitions: readonly ConnectorDefinition[] = Object.freeze([
	stripe,
	salesforce,
	googleCalendar,
	dynamics365,
	xledger,
	cornerstone,
	consio,
	cityCalendar,
]);

/** The built-in connectors' descriptors, by id. */
export const builtInConnectors: Readonly<Record<string, ConnectorDescriptor>> = Object.freeze(
	Object.fromEntries(connectorDefinitions.map((definition) => [definition.descriptor.id, definition.descriptor])),
);

/** A built-in system's definition by connector id, or undefined. */
export function connectorDefinition(id: string): ConnectorDefinition | undefined {
	return connectorDefinitions.find((definition) => definition.descriptor.id === id);
}
