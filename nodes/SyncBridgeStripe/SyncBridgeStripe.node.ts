import { stripe } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeStripe extends connectorNode(stripe) {}
