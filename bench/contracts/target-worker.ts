import { parentPort } from 'node:worker_threads';
import { FakeTarget } from '../../test/fakes/target/fake-target';

/** Runs the fake target on its own thread so the benchmark measures SyncBridge, not the target sharing its event loop. */
async function main(): Promise<void> {
	const target = await new FakeTarget().start();
	parentPort?.on('message', (message: string) => {
		if (message === 'stats')
			parentPort?.postMessage({ type: 'stats', stats: { ...target.stats }, records: target.records.size });
		else if (message === 'reset') {
			target.resetStats();
			parentPort?.postMessage({ type: 'reset' });
		} else if (message === 'clear') {
			target.reset();
			parentPort?.postMessage({ type: 'clear' });
		} else if (message === 'stop') void target.stop().then(() => process.exit(0));
	});
	parentPort?.postMessage({ type: 'ready', url: target.url });
}

void main();
