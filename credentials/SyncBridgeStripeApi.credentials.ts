import { stripe } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/stripe/credential.ts`. */
export class SyncBridgeStripeApi extends connectorCredential(stripe.credential) {}
