import { cornerstone } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/cornerstone/credential.ts`. */
export class SyncBridgeCornerstoneOAuth2Api extends connectorCredential(cornerstone.credential) {}
