import { salesforce } from '../../runtime/connectors';
import { connectorNode } from '../shared/connector-node';

export class SyncBridgeSalesforce extends connectorNode(salesforce) {}
