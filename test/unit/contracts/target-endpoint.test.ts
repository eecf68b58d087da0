import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endpointRequests } from '../../../runtime/contracts/target-endpoint';

describe('requests to a configured endpoint', () => {
	const endpoint = {
		baseUrl: 'https://crm.example.com/api//',
		createPath: '/records',
		updatePath: '//records/{id}',
		deletePath: 'records/{id}/remove',
		getPath: '/records/{id}',
		headers: { 'x-tenant': 'north' },
	};

	it('joins the base and each path with one slash, and fills the id encoded', () => {
		const requests = endpointRequests(endpoint);
		assert.equal(requests.create({ name: 'A' }, 'key-1').url, 'https://crm.example.com/api/records');
		assert.equal(requests.update('a/b c', { name: 'A' }, 'key-2').url, 'https://crm.example.com/api/records/a%2Fb%20c');
		assert.equal(requests.delete('7', 'key-3').url, 'https://crm.example.com/api/records/7/remove');
		assert.equal(requests.read?.('?x=1').url, 'https://crm.example.com/api/records/%3Fx%3D1');
	});

	it('fills every {id} of a path, and leaves the base as it is', () => {
		const requests = endpointRequests({
			...endpoint,
			baseUrl: 'https://crm.example.com/{id}',
			updatePath: '{id}/copies/{id}',
		});
		assert.equal(requests.update('9', {}, undefined).url, 'https://crm.example.com/{id}/9/copies/9');
	});

	it('sends the endpoint headers on every request, the idempotency key on writes unless switched off', () => {
		const requests = endpointRequests(endpoint);
		assert.deepEqual(requests.create({}, 'key-1').headers, { 'x-tenant': 'north', 'Idempotency-Key': 'key-1' });
		assert.deepEqual(requests.update('1', {}, undefined).headers, { 'x-tenant': 'north' });
		assert.deepEqual(requests.read?.('1').headers, { 'x-tenant': 'north' });
		const withoutKeys = endpointRequests({ ...endpoint, idempotency: false });
		assert.deepEqual(withoutKeys.delete('1', 'key-3').headers, { 'x-tenant': 'north' });
		// Each request gets headers of its own: changing one leaves the endpoint's and the next request's alone.
		const first = requests.create({}, 'key-1');
		first.headers['x-tenant'] = 'south';
		assert.equal(requests.create({}, 'key-2').headers['x-tenant'], 'north');
		assert.equal(endpoint.headers['x-tenant'], 'north');
	});

	it('has no read without a get path', () => {
		assert.equal(endpointRequests({ ...endpoint, getPath: undefined }).read, undefined);
	});
});
