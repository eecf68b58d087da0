import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { SyncBridgeConsio } from '../../../nodes/SyncBridgeConsio/SyncBridgeConsio.node';
import { SyncBridgeCornerstone } from '../../../nodes/SyncBridgeCornerstone/SyncBridgeCornerstone.node';
import { SyncBridgeDynamics365 } from '../../../nodes/SyncBridgeDynamics365/SyncBridgeDynamics365.node';
import { SyncBridgeGoogleCalendar } from '../../../nodes/SyncBridgeGoogleCalendar/SyncBridgeGoogleCalendar.node';
import { SyncBridgePollingTrigger } from '../../../nodes/SyncBridgePollingTrigger/SyncBridgePollingTrigger.node';
import { SyncBridgeRest } from '../../../nodes/SyncBridgeRest/SyncBridgeRest.node';
import { SyncBridgeSalesforce } from '../../../nodes/SyncBridgeSalesforce/SyncBridgeSalesforce.node';
import { SyncBridgeStripe } from '../../../nodes/SyncBridgeStripe/SyncBridgeStripe.node';
import { SyncBridgeXledger } from '../../../nodes/SyncBridgeXledger/SyncBridgeXledger.node';
import { connectorProperties, pathPlaceholders } from '../../../nodes/shared/connector-properties';
import { dynamics365Connector } from '../../../runtime/connectors';

const operationsFor = (properties: INodeProperties[], resource: string) =>
	(
		properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
		)?.options as INodePropertyOptions[]
	).map((option) => option.value);

describe('connector node factory', () => {
	it('derives resources, operations per resource and per-operation parameters from a descriptor', () => {
		const properties = connectorProperties(dynamics365Connector);
		const resource = properties[0];
		assert.equal(resource.name, 'resource');
		assert.deepEqual(
			(resource.options as INodePropertyOptions[]).map((option) => option.value),
			['contacts', 'memberships'],
		);
		assert.deepEqual(operationsFor(properties, 'contacts'), ['create', 'upsert', 'delete', 'get', 'list', 'update']);
		assert.deepEqual(operationsFor(properties, 'memberships'), ['create', 'delete', 'get', 'list', 'update']);
		const limit = properties.find(
			(property) => property.name === 'limit' && property.displayOptions?.show?.resource?.includes('contacts'),
		);
		assert.deepEqual(limit?.displayOptions?.show, { resource: ['contacts'], operation: ['list'], returnAll: [false] });
		const ids = properties.filter(
			(property) => property.name === 'id' && property.displayOptions?.show?.resource?.includes('contacts'),
		);
		assert.deepEqual(
			ids.map((property) => property.displayOptions?.show?.operation),
			[['get', 'update', 'delete'], ['upsert']],
		);
	});

	it('turns path placeholders into parameters and adds custom operations', () => {
		assert.deepEqual(pathPlaceholders('/sobjects/Contact/{externalIdField}/{id}'), ['externalIdField']);
		assert.deepEqual(pathPlaceholders('{{baseUrl}}/calendars/{calendarId}/events'), ['calendarId']);
		const google = new SyncBridgeGoogleCalendar().description.properties;
		const calendar = google.find((property) => property.name === 'calendarId');
		assert.equal(calendar?.default, 'primary');
		assert.deepEqual(calendar?.displayOptions?.show?.operation, ['list', 'get', 'create', 'update', 'delete']);
		assert.ok(
			operationsFor(new SyncBridgeXledger().description.properties, 'accountingEntries').includes(
				'exportReimbursements',
			),
		);
		assert.ok(operationsFor(new SyncBridgeCornerstone().description.properties, 'enrollments').includes('export'));
		const fallback = new SyncBridgeConsio().description.properties.find((property) => property.name === 'csvFallback');
		assert.deepEqual(fallback?.displayOptions?.show, { resource: ['activities'], operation: ['export'] });
	});

	it('every node is importable with its name, credentials, two outputs and an action per operation', () => {
		const nodes = [
			[new SyncBridgeStripe(), 'syncBridgeStripe', 'syncBridgeStripeApi'],
			[new SyncBridgeSalesforce(), 'syncBridgeSalesforce', 'syncBridgeSalesforceOAuth2Api'],
			[new SyncBridgeGoogleCalendar(), 'syncBridgeGoogleCalendar', 'syncBridgeGoogleCalendarOAuth2Api'],
			[new SyncBridgeDynamics365(), 'syncBridgeDynamics365', 'syncBridgeDynamics365OAuth2Api'],
			[new SyncBridgeXledger(), 'syncBridgeXledger', 'syncBridgeXledgerApi'],
			[new SyncBridgeCornerstone(), 'syncBridgeCornerstone', 'syncBridgeCornerstoneOAuth2Api'],
			[new SyncBridgeConsio(), 'syncBridgeConsio', 'syncBridgeConsioApi'],
			[new SyncBridgeRest(), 'syncBridgeRest', 'syncBridgeApiKeyApi'],
		] as const;
		for (const [node, name, credential] of nodes) {
			assert.equal(node.description.name, name);
			assert.equal(node.description.credentials?.[0].name, credential);
			assert.deepEqual(node.description.outputNames, ['Success', 'Error']);
			for (const property of node.description.properties.filter((candidate) => candidate.name === 'operation')) {
				assert.ok(
					(property.options as INodePropertyOptions[]).every((option) => typeof option.action === 'string'),
					`${name}: every operation has an action`,
				);
			}
		}
		const trigger = new SyncBridgePollingTrigger().description;
		assert.equal(trigger.polling, true);
		assert.equal(trigger.name, 'syncBridgePollingTrigger');
	});
});
