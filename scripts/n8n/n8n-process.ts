import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

import { n8nBin } from './paths';

/** One running n8n process (`start`, `webhook` or `worker`), with the tail of its output kept for errors. */
export class N8nProcess {
	private output = '';

	private constructor(
		readonly command: string,
		private readonly child: ChildProcess,
	) {}

	static spawn(command: string, args: string[], env: NodeJS.ProcessEnv, echo = false): N8nProcess {
		const child = spawn(process.execPath, [n8nBin, command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		const n8nProcess = new N8nProcess(command, child);
		const keep = (chunk: Buffer) => {
			n8nProcess.output = (n8nProcess.output + chunk.toString()).slice(-20_000);
			if (echo) process.stdout.write(chunk);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		return n8nProcess;
	}

	get log(): string {
		return this.output;
	}

	get running(): boolean {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Polls a health URL of this process until it answers 2xx. */
	async waitUntilHealthy(url: string, timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (!this.running)
				throw new Error(
					`n8n ${this.command} exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`,
				);
			try {
				if ((await fetch(url)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((wake) => setTimeout(wake, 500));
		}
		throw new Error(`n8n ${this.command} not healthy at ${url} within ${timeoutMs} ms:\n${this.output}`);
	}

	async exited(): Promise<number | null> {
		if (!this.running) return this.child.exitCode;
		const [code] = (await once(this.child, 'exit')) as [number | null];
		return code;
	}

	/** SIGTERM, then SIGKILL if it has not exited after the grace period. */
	async stop(graceMs = 15_000): Promise<void> {
		if (!this.running) return;
		const exited = once(this.child, 'exit');
		this.child.kill('SIGTERM');
		const forced = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
		await exited;
		clearTimeout(forced);
	}

	/** kill -9: what a crashed machine looks like to the rest of the cluster. */
	async kill(): Promise<void> {
		if (!this.running) return;
		const exited = once(this.child, 'exit');
		this.child.kill('SIGKILL');
		await exited;
	}
}
