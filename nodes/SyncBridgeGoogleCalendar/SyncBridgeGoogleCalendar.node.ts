import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { googleCalendarConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';

export class SyncBridgeGoogleCalendar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Google Calendar',
		name: 'syncBridgeGoogleCalendar',
		icon: { light: 'file:googleCalendar.svg', dark: 'file:googleCalendar.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Google Calendar events: list (page tokens), get, create, update, delete',
		defaults: { name: 'SyncBridge Google Calendar' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Success', 'Error'],
		credentials: [{ name: 'syncBridgeGoogleCalendarOAuth2Api', required: true }],
		properties: connectorProperties(googleCalendarConnector, {
			placeholders: { calendarId: { displayName: 'Calendar ID', default: 'primary', description: '"primary" or a calendar address' } },
		}),
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: googleCalendarConnector, credentialType: 'syncBridgeGoogleCalendarOAuth2Api' });
	}
}
