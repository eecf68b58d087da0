import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { installCommunityPackage, packSyncBridge } from './community-package';
import { freePort } from './free-port';
import { N8nProcess } from './n8n-process';
import { n8nBin } from './paths';
import { parseRawOutput, type BinaryReference, type RunData } from './run-data';

const run = promisify(execFile);

export interface N8nInstanceOptions {
	/** N8N_USER_FOLDER; a fresh temporary folder when absent. */
	userFolder?: string;
	/** The editor/API/webhook port; a free one when absent. */
	port?: number;
	/** Extra environment for every n8n process of this instance. */
	env?: Record<string, string>;
}

/**
 * One real n8n with its own user folder, database and ports, and SyncBridge installed as a
 * community package in `<folder>/.n8n/nodes`. CLI commands and the server share the folder.
 */
export class N8nInstance {
	private server?: N8nProcess;

	private constructor(
		readonly userFolder: string,
		readonly port: number,
		readonly env: NodeJS.ProcessEnv,
	) {}

	/** Prepares the folder and installs the freshly packed SyncBridge into it; starts nothing. */
	static async create(options: N8nInstanceOptions = {}): Promise<N8nInstance> {
		const userFolder = options.userFolder ?? (await mkdtemp(join(tmpdir(), 'syncbridge-n8n-')));
		const n8nFolder = join(userFolder, '.n8n');
		await mkdir(n8nFolder, { recursive: true });
		await installCommunityPackage(n8nFolder, await packSyncBridge());
		const port = options.port ?? (await freePort());
		const env = n8nEnvironment({ userFolder, port, brokerPort: await freePort(), extra: options.env ?? {} });
		return new N8nInstance(userFolder, port, env);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Runs an n8n CLI command against this instance's folder and returns its standard output. */
	async cli(args: string[], env: Record<string, string> = {}): Promise<string> {
		try {
			const { stdout } = await run(process.execPath, [n8nBin, ...args], {
				env: { ...this.env, ...env },
				maxBuffer: 64 * 1024 * 1024,
			});
			return stdout;
		} catch (error) {
			const { stdout, stderr } = error as { stdout?: string; stderr?: string };
			throw new Error(`n8n ${args.join(' ')} failed:\n${stderr ?? ''}\n${stdout ?? ''}`);
		}
	}

	/** Imports a workflow (it must carry an `id`) and returns that id. */
	async importWorkflow(workflow: { id: string }): Promise<string> {
		const file = join(this.userFolder, `${workflow.id}.json`);
		await writeFile(file, JSON.stringify(workflow));
		await this.cli(['import:workflow', `--input=${file}`]);
		return workflow.id;
	}

	/** Imports credentials given with plain `data`; n8n encrypts them with this instance's key. */
	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	): Promise<void> {
		const file = join(this.userFolder, 'credentials-import.json');
		await writeFile(file, JSON.stringify(credentials));
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			await rm(file, { force: true });
		}
	}

	/** Imports every workflow file in a folder (each carries a stable `id`, so re-imports update in place). */
	async importWorkflowFolder(folder: string): Promise<void> {
		await this.cli(['import:workflow', '--separate', `--input=${folder}`]);
	}

	/**
	 * Executes an imported workflow from the CLI and returns its run data. `execute` prints the run
	 * data, and a failed execution's details, through n8n's logger at level info. Its standard output
	 * goes to a file: n8n exits right after printing, which cuts large run data short on a pipe.
	 */
	async execute(workflowId: string): Promise<RunData> {
		const outputFile = join(this.userFolder, `execute-${workflowId}-${Date.now()}.json`);
		const output = await open(outputFile, 'w');
		try {
			const child = spawn(process.execPath, [n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
				env: { ...this.env, N8N_LOG_LEVEL: 'info' },
				stdio: ['ignore', output.fd, 'pipe'],
			});
			let stderr = '';
			child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
			const stdout = await readFile(outputFile, 'utf8');
			if (code === 0) return parseRawOutput(stdout);
			// The CLI sometimes dies on a signal while exiting (an isolated-vm handle torn down late), after
			// printing a finished execution: that execution's run data is whole, and running it again would repeat its writes.
			const finished = signal === null ? undefined : finishedRun(stdout);
			if (finished !== undefined) {
				console.log(`[n8n] execute --id=${workflowId} finished, then the CLI died on ${signal} while exiting`);
				return finished;
			}
			throw new Error(`n8n execute --id=${workflowId} failed (exit ${code ?? signal}):\n${stderr}\n${stdout}`);
		} finally {
			await output.close();
			await rm(outputFile, { force: true });
		}
	}

	/**
	 * The bytes of a binary property an execution produced: n8n's filesystem store keeps them under
	 * `<folder>/.n8n/storage/<id without its mode prefix>` (n8n 2.x's default mode outside queue mode).
	 */
	async binaryData(reference: BinaryReference): Promise<Buffer> {
		if (reference.id === undefined) return Buffer.from(reference.data, 'base64');
		const [mode, location] = reference.id.split(/:(.*)/s);
		if (!mode.startsWith('filesystem'))
			throw new Error(`binary data in ${mode} mode cannot be read from the user folder`);
		return readFile(join(this.userFolder, '.n8n', 'storage', location));
	}

	/** Marks the workflow's current version as published; a server started afterwards activates it. */
	async publish(workflowId: string): Promise<void> {
		await this.cli(['publish:workflow', `--id=${workflowId}`]);
	}

	/** Spawns another n8n process (`webhook`, `worker`) on this instance's folder and environment. */
	spawn(command: string, args: string[] = [], env: Record<string, string> = {}): N8nProcess {
		return N8nProcess.spawn(command, args, { ...this.env, ...env });
	}

	/** Starts the main process and resolves once it answers /healthz/readiness; `env` adds to this instance's environment for this start only. */
	async start({ timeoutMs = 120_000, echo = false, env = {} as Record<string, string> } = {}): Promise<void> {
		this.server = N8nProcess.spawn('start', [], { ...this.env, ...env }, echo);
		await this.server.waitUntilHealthy(`${this.baseUrl}/healthz/readiness`, timeoutMs);
	}

	get log(): string {
		return this.server?.log ?? '';
	}

	/** Resolves when the main process ends. */
	async exited(): Promise<number | null> {
		return (await this.server?.exited()) ?? null;
	}

	async stop(): Promise<void> {
		await this.server?.stop();
		this.server = undefined;
	}

	async dispose(): Promise<void> {
		await this.stop();
		await rm(this.userFolder, { recursive: true, force: true });
	}
}

interface EnvironmentInput {
	userFolder: string;
	port: number;
	brokerPort: number;
	extra: Record<string, string>;
}

export function n8nEnvironment({ userFolder, port, brokerPort, extra }: EnvironmentInput): NodeJS.ProcessEnv {
	return {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'warn',
		// Take an expression isolate only when an expression is evaluated: n8n otherwise takes (and
		// recreates) one for every webhook delivery to a community trigger (docs/webhooks.md).
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		...extra,
	};
}

/** The run data of an execution the CLI printed as finished, or undefined when the output is cut short or unfinished. */
function finishedRun(stdout: string): RunData | undefined {
	try {
		const run = parseRawOutput(stdout);
		return run.finished === true ? run : undefined;
	} catch {
		return undefined;
	}
}
