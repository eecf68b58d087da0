import { consio } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/consio/credential.ts`. */
export class SyncBridgeConsioApi extends connectorCredential(consio.credential) {}
