import { dynamics365 } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeDynamics365 extends connectorNode(dynamics365) {}
