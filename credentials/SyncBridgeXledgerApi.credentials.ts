import { xledger } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/xledger/credential.ts`. */
export class SyncBridgeXledgerApi extends connectorCredential(xledger.credential) {}
