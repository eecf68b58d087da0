import type { INodePropertyOptions } from 'n8n-workflow';
import { builtInConnectors } from '../../runtime/connectors';

/** A built-in source: its connector id, default resource and the field that says when a record changed. */
export interface PollingSource {
	connectorId: string;
	name: string;
	resource: string;
	cursorField: string;
}

export const pollingSources: PollingSource[] = [
	{ connectorId: 'city-calendar', name: 'City Calendar', resource: 'events', cursorField: 'updated' },
	{ connectorId: 'consio', name: 'Consio', resource: 'members', cursorField: 'updatedAt' },
	{ connectorId: 'cornerstone', name: 'Cornerstone', resource: 'enrollments', cursorField: 'reg_dt' },
	{ connectorId: 'dynamics365', name: 'Dynamics 365', resource: 'contacts', cursorField: 'modifiedon' },
	{ connectorId: 'google-calendar', name: 'Google Calendar', resource: 'events', cursorField: 'updated' },
	{ connectorId: 'salesforce', name: 'Salesforce', resource: 'contacts', cursorField: 'LastModifiedDate' },
	{ connectorId: 'stripe', name: 'Stripe', resource: 'customers', cursorField: 'created' },
	{ connectorId: 'xledger', name: 'Xledger', resource: 'accountingEntries', cursorField: 'node.dbId' },
];

export const sourceOptions: INodePropertyOptions[] = [
	...pollingSources.map((source) => ({ name: source.name, value: source.connectorId })),
	{ name: 'Generic (Descriptor JSON)', value: 'generic' },
];

export function builtInSource(connectorId: string): PollingSource | undefined {
	return pollingSources.find((source) => source.connectorId === connectorId && builtInConnectors[connectorId] !== undefined);
}
