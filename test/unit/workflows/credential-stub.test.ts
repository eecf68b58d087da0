import assert from 'node:assert/strict';
import { test } from 'node:test';

import { bindCredentials, stubCredentials } from '../../../runtime/workflows/credential-stub';

const instance = [
	{ id: 'c1', name: 'CRM key', type: 'httpHeaderAuth' },
	{ id: 'c2', name: 'CRM key', type: 'httpBasicAuth' },
	{ id: 'c3', name: 'Stripe', type: 'stripeApi' },
];

test('stubs keep name under the type and drop the instance id', () => {
	assert.deepEqual(stubCredentials({ httpHeaderAuth: { id: 'x', name: 'CRM key' } }), { httpHeaderAuth: { name: 'CRM key' } });
	assert.equal(stubCredentials({}), undefined);
	assert.equal(stubCredentials(undefined), undefined);
});

test('binding matches name and type both', () => {
	assert.deepEqual(bindCredentials({ httpBasicAuth: { name: 'CRM key' } }, instance), {
		credentials: { httpBasicAuth: { id: 'c2', name: 'CRM key' } },
		missing: [],
	});
});

test('a stub without a credential of the same name and type is reported missing', () => {
	const binding = bindCredentials({ stripeApi: { name: 'CRM key' }, httpHeaderAuth: { name: 'CRM key' } }, instance);
	assert.deepEqual(binding.missing, ['stripeApi: CRM key']);
	assert.deepEqual(binding.credentials, { httpHeaderAuth: { id: 'c1', name: 'CRM key' } });
});
