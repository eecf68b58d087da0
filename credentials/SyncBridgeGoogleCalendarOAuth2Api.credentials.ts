import { googleCalendar } from '../runtime/connectors';
import { connectorCredential } from './connector-credential';

/** The credential of `runtime/connectors/systems/google-calendar/credential.ts`. */
export class SyncBridgeGoogleCalendarOAuth2Api extends connectorCredential(googleCalendar.credential) {}
