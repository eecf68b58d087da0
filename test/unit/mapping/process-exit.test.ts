import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/**
 * Maps with a sandbox, disposes and drops it once its handles are old, and lets the process end on its own
 * right after. The V8 flags keep a marking cycle running at exit, so Node's exit-time collection finds the
 * dropped isolated-vm handles (before the fix in isolate-handles.ts this aborted the process every time).
 */
const child = String.raw`
const { createMapper, MappingSandbox } = require(process.argv.at(-1));
(async () => {
	let sandbox = new MappingSandbox();
	const [result] = await createMapper({ name: 'exit', version: '1.0.0', mapping: { x: 'x' } }, { sandbox }).map([{ x: 1 }]);
	if (result.status !== 'mapped') throw new Error(JSON.stringify(result));
	const hold = [];
	for (let i = 0; i < 200000; i++) { hold.push({ i }); if (hold.length > 150000) hold.splice(0, 50000); }
	sandbox.dispose();
	sandbox = undefined;
	setTimeout(() => hold.push({}), 1);
})();
`;

describe('process exit', () => {
	it('a process that dropped a disposed sandbox just before it ends exits cleanly', () => {
		for (let run = 0; run < 3; run++) {
			const result = spawnSync(
				process.execPath,
				[
					'--stress-incremental-marking',
					'--no-incremental-marking-task',
					'-e',
					child,
					join(__dirname, '../../../runtime/mapping'),
				],
				{
					encoding: 'utf8',
				},
			);
			assert.deepEqual(
				{ status: result.status, signal: result.signal },
				{ status: 0, signal: null },
				`run ${run}: ${result.stderr}`,
			);
		}
	});
});
