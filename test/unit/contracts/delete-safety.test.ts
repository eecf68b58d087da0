import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDeletePass } from '../../../runtime/contracts/delete-safety';

const ok = { fetchComplete: true, fetchErrors: 0, testRun: false, orphanOriginIds: ['a'], contractCount: 100 };

describe('evaluateDeletePass', () => {
	it('allows a small delete after a complete, clean, real fetch', () => {
		const report = evaluateDeletePass(ok);
		assert.equal(report.allowed, true);
		assert.deepEqual(report.deletable, ['a']);
		assert.equal(report.threshold, 0.1);
	});

	it('refuses after an incomplete fetch, fetch errors or in a test run', () => {
		assert.equal(evaluateDeletePass({ ...ok, fetchComplete: false }).refusal?.code, 'FETCH_INCOMPLETE');
		assert.equal(evaluateDeletePass({ ...ok, fetchErrors: 2 }).refusal?.code, 'FETCH_ERRORS');
		const test = evaluateDeletePass({ ...ok, testRun: true });
		assert.equal(test.refusal?.code, 'TEST_RUN');
		assert.deepEqual(test.deletable, []);
	});

	it('refuses above the threshold (default 10%) and reports the numbers', () => {
		const ids = Array.from({ length: 11 }, (_, i) => `o${i}`);
		const report = evaluateDeletePass({ ...ok, orphanOriginIds: ids });
		assert.equal(report.allowed, false);
		assert.equal(report.refusal?.code, 'THRESHOLD_EXCEEDED');
		assert.match(report.refusal?.message ?? '', /11 of 100 contracts \(11%\), above the 10% threshold/);
		assert.equal(
			evaluateDeletePass({ ...ok, orphanOriginIds: ids.slice(0, 10) }).allowed,
			true,
			'exactly 10% is allowed',
		);
		assert.equal(evaluateDeletePass({ ...ok, orphanOriginIds: ids, threshold: 0.5 }).allowed, true);
	});

	it('with restrictDeletion only deletes origin ids that were in the request', () => {
		const report = evaluateDeletePass({
			...ok,
			orphanOriginIds: ['a', 'b', 'c'],
			restrictDeletion: true,
			requestedOriginIds: ['b', 'x'],
		});
		assert.equal(report.allowed, true);
		assert.deepEqual(report.deletable, ['b']);
		assert.equal(report.restricted, 2);
	});

	it('allows nothing-to-delete on an empty store', () => {
		assert.equal(evaluateDeletePass({ ...ok, orphanOriginIds: [], contractCount: 0 }).allowed, true);
	});
});
