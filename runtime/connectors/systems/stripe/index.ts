import type { ConnectorDefinition } from '../../connector-definition';
import { stripeCredential } from './credential';
import { stripeConnector } from './description';
import { stripeIncremental } from './incremental';

export { stripeConnector };

export const stripe: ConnectorDefinition = {
	descriptor: stripeConnector,
	credential: stripeCredential,
	incremental: stripeIncremental,
	name: 'Stripe',
	node: { icon: 'stripe.svg', description: 'Stripe customers: list (cursor pages), get, create, update, delete' },
};
