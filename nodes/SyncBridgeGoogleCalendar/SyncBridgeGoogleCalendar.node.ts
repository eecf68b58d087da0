import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { googleCalendarConnector } from '../../runtime/connectors';
import { connectorProperties } from '../shared/connector-properties';
import { executeConnector } from '../shared/connector-router';
import { connectorFieldMethods } from '../shared/target-fields';

export class SyncBridgeGoogleCalendar implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SyncBridge Google Calendar',
		name: 'syncBridgeGoogleCalendar',
		icon: { light: 'file:googleCalendar.svg', dark: 'file:googleCalendar.dark.svg' },
		group: ['transform'],
		// 2: Create / Update / Create or Update send Mapped Fields by default (version 1 keeps Input Item).
		version: [1, 2],
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

	methods = { resourceMapping: connectorFieldMethods(googleCalendarConnector, 'syncBridgeGoogleCalendarOAuth2Api') };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeConnector(this, { descriptor: googleCalendarConnector, credentialType: 'syncBridgeGoogleCalendarOAuth2Api' });
	}
}
