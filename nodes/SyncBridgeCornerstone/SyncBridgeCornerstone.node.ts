import { cornerstone } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeCornerstone extends connectorNode(cornerstone) {}
