import { salesforce } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/salesforce/credential.ts`. */
export class SyncBridgeSalesforceOAuth2Api extends connectorCredential(salesforce.credential) {}
