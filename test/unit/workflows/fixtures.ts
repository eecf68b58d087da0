import type { WorkflowDocument, WorkflowNode } from '../../../runtime/workflows/workflow-document';

export function node(name: string, fields: Partial<WorkflowNode> = {}): WorkflowNode {
	return { id: `id-${name}`, name, type: 'n8n-nodes-base.set', typeVersion: 1, position: [0, 0], parameters: {}, ...fields };
}

/** Webhook -> HTTP Request, the shape most SyncBridge flows start with. */
export function orderFlow(overrides: Partial<WorkflowDocument> = {}): WorkflowDocument {
	return {
		id: 'wfOrders0000001',
		name: 'Orders to CRM',
		version: '1.0.0',
		nodes: [
			node('HTTP Request', {
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: { url: 'https://crm.example/orders', method: 'POST', options: { timeout: 5000 } },
				credentials: { httpHeaderAuth: { name: 'CRM key' } },
			}),
			node('Webhook', { type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: 'hook-1', parameters: { path: 'orders', httpMethod: 'POST' } }),
		],
		connections: { Webhook: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		...overrides,
	};
}
