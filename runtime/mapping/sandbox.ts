import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type ivm from 'isolated-vm';
import { isolateRuntimeSource } from './isolate-runtime';
import { isolatedVm } from './isolated-vm-module';
import { decodeResults, encodeBatch, parseColumns, type InputColumns, type SandboxResult } from './batch-codec';
import type { MappingErrorValue } from './mapping-error';
import { MappingError } from './mapping-error';

export type { SandboxResult } from './batch-codec';

/** A plan compiled in the isolate: its id and the input columns the host sends for it. */
export interface RegisteredPlan {
	readonly id: string;
	readonly columns: InputColumns;
}

export interface SandboxOptions {
	/** Isolate heap limit in MB. */
	memoryLimitMb?: number;
	/** Wall-clock limit for one batch, in ms. */
	batchTimeoutMs?: number;
}

const libraries: [string, string][] = [
	['handlebars', 'dist/handlebars.min.js'],
	['jsonpath-plus', 'dist/index-browser-umd.cjs'],
	['json-logic-js', 'logic.js'],
];
let librarySource: string | undefined;

/** The package root: the nearest folder above the resolved entry point whose package.json names the package. */
function packageRoot(name: string): string {
	let dir = dirname(require.resolve(name));
	while (dir !== dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
		dir = dirname(dir);
	}
	throw new Error(`Cannot locate the package folder of ${name}`);
}

/** Browser builds of the libraries, run inside the isolate so their code never runs on user input on the host. */
function loadLibraries(): string {
	librarySource ??= libraries.map(([name, file]) => readFileSync(join(packageRoot(name), file), 'utf8')).join('\n;\n');
	return librarySource;
}

/**
 * One isolate running compiled mapping plans. Records cross the boundary as one JSON string per batch;
 * only strings are passed in and out, so user code never sees a Reference.
 */
export class MappingSandbox {
	private isolate: ivm.Isolate | undefined;
	private context: ivm.Context | undefined;
	private readonly plans = new Map<string, string>();
	private readonly memoryLimitMb: number;
	readonly batchTimeoutMs: number;
	private nextId = 0;

	constructor(options: SandboxOptions = {}) {
		this.memoryLimitMb = options.memoryLimitMb ?? 128;
		this.batchTimeoutMs = options.batchTimeoutMs ?? 2000;
	}

	/** Registers a plan (already validated on the host). Throws MappingError on a compile failure. */
	register(planJson: string): RegisteredPlan {
		const id = `m${this.nextId++}`;
		const columns = parseColumns(this.registerIn(this.ensureContext(), id, planJson));
		this.plans.set(id, planJson);
		return { id, columns };
	}

	/** Maps a batch; a timeout or out-of-memory fails only the records that cause it. */
	async run(plan: RegisteredPlan, records: readonly unknown[]): Promise<SandboxResult[]> {
		if (records.length === 0) return [];
		try {
			return decodeResults(await this.call(plan.id, encodeBatch(records, plan.columns)), records.length);
		} catch (error) {
			return this.recover(plan, records, error);
		}
	}

	/** One isolate call on an encoded batch; rejects on timeout, out-of-memory or a disposed isolate. */
	async call(id: string, batchJson: string): Promise<string> {
		return (await this.ensureContext().evalClosure('return __syncBridge.run($0, $1)', [id, batchJson], {
			timeout: this.batchTimeoutMs,
			arguments: { copy: true },
			result: { copy: true },
		})) as string;
	}

	/** After a batch failed as a whole: halves above 8 records, then one by one, so only the guilty record fails. */
	async recover(plan: RegisteredPlan, records: readonly unknown[], error: unknown): Promise<SandboxResult[]> {
		if (records.length === 1) return [{ status: 'failed', error: this.describeFailure(error) }];
		if (records.length > 8) {
			const half = Math.ceil(records.length / 2);
			return [...(await this.run(plan, records.slice(0, half))), ...(await this.run(plan, records.slice(half)))];
		}
		const results: SandboxResult[] = [];
		for (const record of records) results.push(...(await this.run(plan, [record])));
		return results;
	}

	get isDisposed(): boolean {
		return this.isolate?.isDisposed ?? true;
	}

	dispose(): void {
		if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose();
		this.isolate = undefined;
		this.context = undefined;
	}

	private describeFailure(error: unknown): MappingErrorValue {
		const message = error instanceof Error ? error.message : String(error);
		if (this.isDisposed || /memory limit|disposed/i.test(message)) {
			this.dispose();
			return { code: 'SANDBOX_MEMORY', message: `Record exceeded the sandbox memory limit of ${this.memoryLimitMb} MB` };
		}
		if (/timed out/i.test(message)) {
			return { code: 'SANDBOX_TIMEOUT', message: `Record exceeded the sandbox time limit of ${this.batchTimeoutMs} ms` };
		}
		return { code: 'SANDBOX_FAILED', message };
	}

	private ensureContext(): ivm.Context {
		if (this.context && this.isolate && !this.isolate.isDisposed) return this.context;
		this.isolate = new isolatedVm.Isolate({ memoryLimit: this.memoryLimitMb });
		const context = this.isolate.createContextSync();
		context.evalSync(loadLibraries());
		context.evalSync(isolateRuntimeSource);
		for (const [id, plan] of this.plans) this.registerIn(context, id, plan);
		this.context = context;
		return context;
	}

	private registerIn(context: ivm.Context, id: string, planJson: string): string {
		let failure: string | undefined;
		try {
			return context.evalClosureSync('return __syncBridge.register($0, $1)', [id, planJson], {
				timeout: this.batchTimeoutMs,
				arguments: { copy: true },
				result: { copy: true },
			}) as string;
		} catch (error) {
			failure = error instanceof Error ? error.message : String(error);
		}
		const match = /^([A-Z_]+): ([\s\S]*)$/.exec(failure);
		throw new MappingError(match?.[1] ?? 'INVALID_DOCUMENT', match?.[2] ?? failure);
	}
}

let shared: MappingSandbox | undefined;

/** The process-wide sandbox (one long-lived isolate per process). */
export function sharedSandbox(): MappingSandbox {
	shared ??= new MappingSandbox();
	return shared;
}
