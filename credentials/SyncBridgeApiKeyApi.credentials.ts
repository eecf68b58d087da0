import { cityCalendar } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/city-calendar/credential.ts`. */
export class SyncBridgeApiKeyApi extends connectorCredential(cityCalendar.credential) {}
