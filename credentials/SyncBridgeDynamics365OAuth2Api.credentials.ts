import { dynamics365 } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/dynamics365/credential.ts`. */
export class SyncBridgeDynamics365OAuth2Api extends connectorCredential(dynamics365.credential) {}
