import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { reportsDeletion } from '../../../runtime/contracts/reported-deletion';

describe('an object reporting its own deletion (Deleted Flag Field)', () => {
	it('a dot path: only the value true is a deletion', () => {
		assert.equal(reportsDeletion({ id: 'cus_1', deleted: true }, 'deleted'), true);
		assert.equal(reportsDeletion({ id: 'cus_1', deleted: 'true' }, 'deleted'), false);
		assert.equal(reportsDeletion({ meta: { gone: true } }, ' meta.gone '), true);
		assert.equal(reportsDeletion({ id: 'cus_1' }, 'deleted'), false);
	});

	it('path=value: the scalar at the path equals the text (Google Calendar status=cancelled)', () => {
		assert.equal(reportsDeletion({ id: 'evt1', status: 'cancelled' }, 'status=cancelled'), true);
		assert.equal(reportsDeletion({ id: 'evt1', status: 'confirmed' }, 'status=cancelled'), false);
		assert.equal(reportsDeletion({ id: 'evt1' }, 'status=cancelled'), false);
		assert.equal(reportsDeletion({ state: { code: 2 } }, 'state.code = 2'), true);
		assert.equal(reportsDeletion({ status: ['cancelled'] }, 'status=cancelled'), false, 'not a scalar');
	});

	it('no field configured: nothing is a deletion', () => {
		assert.equal(reportsDeletion({ deleted: true }, undefined), false);
		assert.equal(reportsDeletion({ deleted: true }, '  '), false);
	});
});
