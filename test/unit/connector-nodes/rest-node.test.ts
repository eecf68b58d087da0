import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IDataObject } from 'n8n-workflow';
import { SyncBridgeRest } from '../../../nodes/SyncBridgeRest/SyncBridgeRest.node';
import { FakeCityCalendar } from '../../fakes/systems/fake-city-calendar';
import { executeContext, inputItems, type Credentials } from './fake-n8n-context';

describe('SyncBridge REST node (generic connector) against the city calendar', () => {
	const city = new FakeCityCalendar();
	let credentials: Credentials;
	before(async () => {
		await city.start();
		city.seedEvents(120);
		credentials = { syncBridgeApiKeyApi: { baseUrl: city.url, headerName: 'X-API-Key', apiKey: city.apiKey } };
	});
	after(() => city.stop());

	const run = async (parameters: Record<string, unknown>, records: IDataObject[] = [{}], creds = credentials) => {
		const { context, sent } = executeContext(
			{
				connector: 'cityCalendar',
				authentication: 'syncBridgeApiKeyApi',
				pathParameters: '{}',
				queryJson: '{}',
				options: { maxAttempts: 1 },
				...parameters,
			},
			inputItems(records),
			creds,
		);
		const [success, errors] = await new SyncBridgeRest().execute.call(context);
		return { success, errors, sent };
	};

	it('lists JSON events over page/per_page with X-API-Key', async () => {
		const { success, sent } = await run({ resource: 'events', operation: 'list', returnAll: true });
		assert.equal(success.length, 120);
		assert.deepEqual(
			sent.map((request) => new URL(request.url).searchParams.get('page')),
			['1', '2', '3'],
		);
		assert.equal(sent[0].headers['X-API-Key'], city.apiKey);
	});

	it('lists the XML feed: attributes under @attributes, one record per <event>', async () => {
		const { success, errors } = await run({ resource: 'eventsXml', operation: 'list', returnAll: true });
		assert.equal(errors.length, 0);
		assert.equal(success.length, 120);
		assert.equal((success[0].json['@attributes'] as IDataObject).id, city.events[0].id);
		assert.equal(success[0].json.title, 'Inspection 1');
	});

	it('creates, gets with rate-limit metadata, and deletes an event', async () => {
		const created = await run({ resource: 'events', operation: 'create', bodySource: 'item' }, [
			{ title: 'Approved appointment', start: '2025-06-01T09:00:00Z', end: '2025-06-01T10:00:00Z' },
		]);
		const id = String(created.success[0].json.id);
		const got = await run({
			resource: 'events',
			operation: 'get',
			id,
			options: { maxAttempts: 1, includeMetadata: true },
		});
		assert.equal(got.success[0].json.title, 'Approved appointment');
		const meta = got.success[0].json._syncbridge as IDataObject;
		assert.equal(meta.httpStatus, 200);
		assert.equal((meta.rateLimit as IDataObject).limit, 600);
		assert.equal((meta.rateLimit as IDataObject).resetAt, 1767225600000);
		const deleted = await run({ resource: 'events', operation: 'delete', id });
		assert.deepEqual(deleted.success[0].json, { id, deleted: true });
		assert.equal(
			city.events.some((event) => event.id === id),
			false,
		);
	});

	it("sends a validation error (422) to the Error output with the API's message", async () => {
		const { errors } = await run({
			resource: 'events',
			operation: 'create',
			bodySource: 'json',
			bodyJson: '{"title": 1}',
		});
		assert.equal(errors.length, 1);
		assert.equal(
			((errors[0].json._syncbridge as IDataObject).error as IDataObject).message,
			'City Calendar answered HTTP 422: title and start are required',
		);
	});

	it('uses a user descriptor with the default results keys and its own page size', async () => {
		const descriptor = {
			id: 'my-calendar',
			displayName: 'My Calendar',
			baseUrl: '{{baseUrl}}',
			auth: { kind: 'apiKeyHeader', name: 'X-API-Key', field: 'apiKey' },
			pagination: { style: 'page', param: 'page', sizeParam: 'per_page', size: 40 },
			resources: {
				appointments: {
					displayName: 'Appointment',
					idPosition: 'id',
					operations: { list: { method: 'GET', path: '/events' } },
				},
			},
		};
		const { success, sent } = await run({
			connector: 'descriptor',
			descriptorJson: JSON.stringify(descriptor),
			resource: 'appointments',
			operation: 'list',
			returnAll: true,
		});
		assert.equal(success.length, 120);
		assert.equal(sent.length, 4, 'three full pages of 40, then an empty one');
	});

	it('refuses an invalid descriptor, naming every problem', async () => {
		await assert.rejects(
			run({
				connector: 'descriptor',
				descriptorJson:
					'{"id": "x", "displayName": "X", "auth": {"kind": "none"}, "pagination": {"style": "pages"}, "resources": {}}',
				resource: 'a',
				operation: 'list',
			}),
			(error: Error & { description?: string }) => {
				assert.match(error.message, /Invalid connector descriptor/);
				assert.match(String(error.description), /missing required property 'baseUrl'/);
				return true;
			},
		);
		await assert.rejects(
			run({ connector: 'descriptor', descriptorJson: '{not json', resource: 'a', operation: 'list' }),
			/not valid JSON/,
		);
	});

	it('names the resources a descriptor has when the resource is wrong', async () => {
		const { errors } = await run({ resource: 'nope', operation: 'list' });
		assert.match(
			String(((errors[0].json._syncbridge as IDataObject).error as IDataObject).message),
			/has no resource 'nope' \(it has: events, eventsXml\)/,
		);
	});
});
