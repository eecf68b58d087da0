import assert from 'node:assert/strict';
import { test } from 'node:test';

import { slugify } from '../../../runtime/workflows/slug';

test('slugs are lower-case ASCII with single dashes', () => {
	assert.equal(slugify('Stripe customers <-> App users (two-way)'), 'stripe-customers-app-users-two-way');
	assert.equal(slugify('Kunde für Größe'), 'kunde-fur-grosse');
	assert.equal(slugify('***'), 'workflow');
});
