import { googleCalendar } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeGoogleCalendar extends connectorNode(googleCalendar) {}
