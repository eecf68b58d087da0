import { xledger } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeXledger extends connectorNode(xledger) {}
