import { apiKeyCredential } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The generic API-key credential of `runtime/connectors/api-key-credential.ts`. */
export class SyncBridgeApiKeyApi extends connectorCredential(apiKeyCredential) {}
