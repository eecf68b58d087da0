import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface TargetStats {
	requests: number;
	creates: number;
}

/** The loopback fake target running on its own thread (target-worker.ts), driven by messages. */
export interface TargetThread {
	url: string;
	ask(message: 'stats' | 'reset' | 'clear'): Promise<{ stats?: TargetStats; records?: number }>;
	stop(): Promise<void>;
}

export async function startTargetThread(): Promise<TargetThread> {
	const worker = new Worker(join(__dirname, 'target-worker.js'));
	const url = await new Promise<string>((resolve, reject) => {
		worker.once('message', (message: { url: string }) => resolve(message.url));
		worker.once('error', reject);
	});
	return {
		url,
		ask: (message) =>
			new Promise((resolve) => {
				worker.once('message', resolve);
				worker.postMessage(message);
			}),
		stop: async () => {
			worker.postMessage('stop');
			await new Promise((resolve) => worker.once('exit', resolve));
		},
	};
}
