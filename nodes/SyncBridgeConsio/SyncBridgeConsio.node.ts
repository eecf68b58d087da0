import { consio } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeConsio extends connectorNode(consio) {}
