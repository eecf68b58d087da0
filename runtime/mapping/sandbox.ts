import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type ivm from 'isolated-vm';
import { contextHardeningSource } from './context-hardening';
import { trackedHandle } from './isolate-handles';
import { isolateRuntimeSource } from './isolate-runtime';
import { isolatedVm } from './isolated-vm-module';
import {
	decodeResults,
	encodeBatch,
	mergeRejected,
	parseColumns,
	type EncodedBatch,
	type InputColumns,
	type SandboxResult,
} from './batch-codec';
import type { MappingErrorValue } from './mapping-error';
import { MappingError } from './mapping-error';
import type { MappingErrorCode } from '../errors';

export type { SandboxResult } from './batch-codec';

/** A plan registered with the sandbox: the input columns the host sends for it. */
export interface RegisteredPlan {
	readonly id: string;
	readonly columns: InputColumns;
}

export interface SandboxOptions {
	/** Isolate heap limit in MB. */
	memoryLimitMb?: number;
	/** Wall-clock limit for one batch, in ms; a batch with records that exceed it ends within about twice this. */
	batchTimeoutMs?: number;
	/** Documents whose contexts stay compiled (default: one per 4 MB of heap); the least recently used beyond this are released. */
	maxContexts?: number;
}

/** A library the isolate runtime builds on; a context loads one only when its plan needs it (see adoptLibraries). */
type PlanLibrary = 'handlebars' | 'jsonPath' | 'jsonLogic';

const libraryFiles: Record<PlanLibrary, [string, string]> = {
	handlebars: ['handlebars', 'dist/handlebars.min.js'],
	jsonPath: ['jsonpath-plus', 'dist/index-browser-umd.cjs'],
	jsonLogic: ['json-logic-js', 'logic.js'],
};
const librarySources = new Map<PlanLibrary, string>();

/** The package root: the nearest folder above the resolved entry point whose package.json names the package. */
function packageRoot(name: string): string {
	let dir = dirname(require.resolve(name));
	while (dir !== dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name)
			return dir;
		dir = dirname(dir);
	}
	throw new Error(`Cannot locate the package folder of ${name}`);
}

/** Browser build of a library, run inside the isolate so its code never runs on user input on the host. */
function librarySource(library: PlanLibrary): string {
	let source = librarySources.get(library);
	if (source === undefined) {
		const [name, file] = libraryFiles[library];
		source = readFileSync(join(packageRoot(name), file), 'utf8');
		librarySources.set(library, source);
	}
	return source;
}

/** The scripts every document context runs, compiled once per isolate. */
interface IsolateScripts {
	hardening: ivm.Script;
	libraries: Map<PlanLibrary, ivm.Script>;
	runtime: ivm.Script;
}

/** A document's own context and the runtime entry points in it (held only by the host). */
interface DocumentContext {
	isolate: ivm.Isolate;
	context: ivm.Context;
	run: ivm.Reference;
	resume: ivm.Reference;
	abandon: ivm.Reference;
	busy: number;
}

class DocumentPlan implements RegisteredPlan {
	live: DocumentContext | undefined;
	/** While a batch runs in this plan's context: settles when it is finished. */
	running: Promise<void> | undefined;
	constructor(
		readonly id: string,
		readonly planJson: string,
		public columns: InputColumns,
	) {}
}

/** A batch's records as the isolate reads them, with the records JSON could not encode set aside. */
export interface PreparedBatch {
	readonly count: number;
	readonly encoded: EncodedBatch;
}

const timedOut = /timed out/i;

/**
 * One long-lived isolate; every registered document gets its own context in it (its own global object and
 * built-ins), so no document can see or change another's plan, built-ins or records, and the runtime's entry
 * points are references only the host holds. Records cross the boundary as one JSON string per batch; only
 * strings are passed in and out, so user code never sees a Reference.
 */
export class MappingSandbox {
	private isolate: ivm.Isolate | undefined;
	private scripts: IsolateScripts | undefined;
	/** Compiled contexts, least recently used first. */
	private readonly live = new Set<DocumentPlan>();
	private readonly memoryLimitMb: number;
	readonly batchTimeoutMs: number;
	private readonly maxContexts: number;
	private nextId = 0;

	constructor(options: SandboxOptions = {}) {
		this.memoryLimitMb = options.memoryLimitMb ?? 128;
		this.batchTimeoutMs = options.batchTimeoutMs ?? 2000;
		this.maxContexts = options.maxContexts ?? Math.max(2, Math.floor(this.memoryLimitMb / 4));
	}

	/** Longest array or string a built-in may walk in one go: an eighth of the heap limit in 8-byte elements. */
	get maxBuiltinLength(): number {
		return Math.floor((this.memoryLimitMb * 1024 * 1024) / 64);
	}

	/** Compiles a plan (already validated on the host) in a context of its own. Throws MappingError on a compile failure. */
	register(planJson: string): RegisteredPlan {
		const plan = new DocumentPlan(`m${this.nextId++}`, planJson, undefined);
		this.contextOf(plan);
		return plan;
	}

	/** Maps a batch; see execute for what a timeout or out-of-memory fails. */
	async run(plan: RegisteredPlan, records: readonly unknown[]): Promise<SandboxResult[]> {
		const batch = this.prepare(plan, records);
		return this.settle(plan, records, batch, await this.execute(plan, batch).catch((error: unknown) => ({ error })));
	}

	/** Encodes a batch for the isolate (the mapper prepares the next batch while the isolate maps the current one). */
	prepare(plan: RegisteredPlan, records: readonly unknown[]): PreparedBatch {
		return { count: records.length, encoded: encodeBatch(records, plan.columns) };
	}

	/**
	 * Runs one batch in the plan's context, within about two time limits T. The batch first gets T. If it runs
	 * out, the record that was running fails with SANDBOX_TIMEOUT and the rest continue in slices of T/16; each
	 * slice that runs out fails its running record, and the 16th fails every record not mapped yet. Resolves
	 * to the isolate's answer, or undefined when even that last slice ran out (then every record timed out).
	 * Rejects when the isolate ran out of memory or failed otherwise.
	 */
	async execute(plan: RegisteredPlan, batch: PreparedBatch): Promise<string | undefined> {
		if (batch.encoded.json === undefined) return '{"v":[],"f":[],"s":[]}';
		// the context holds the batch it is mapping until it is finished, so one batch at a time per plan; an idle
		// plan starts at once (no await), so the isolate starts mapping while the host decodes the previous batch
		const document = plan as DocumentPlan;
		while (document.running) await document.running;
		let done = (): void => undefined;
		document.running = new Promise<void>((resolve) => (done = resolve));
		try {
			const live = this.contextOf(document);
			live.busy++;
			try {
				return await this.runWithinBudget(live, batch.encoded.json);
			} finally {
				live.busy--;
			}
		} finally {
			document.running = undefined;
			done();
		}
	}

	private async runWithinBudget(live: DocumentContext, json: string): Promise<string | undefined> {
		const limit = this.batchTimeoutMs;
		const slice = Math.max(1, Math.floor(limit / 16));
		const first = await this.attempt(live.run, [json], limit);
		if (first !== timedOutMark) return first ?? undefined;
		let message = `Record exceeded the sandbox time limit of ${limit} ms`;
		for (let k = 1; k < 16; k++) {
			const next = await this.attempt(live.resume, [message], slice);
			// null: the limit ran out before the batch was even read, so there is nothing to resume
			if (next === null) return undefined;
			if (next !== timedOutMark) return next;
			message = `Record exceeded the sandbox time limit of ${slice} ms left to each record after another record of its batch timed out`;
		}
		const rest = `Record not mapped: its batch used up its time budget of ${2 * limit} ms on records that exceeded the time limit`;
		const last = await this.attempt(live.abandon, [message, rest], slice);
		return last === timedOutMark || last === null ? undefined : last;
	}

	/** The results of a batch from execute's outcome; out-of-memory and other failures are narrowed down to their records. */
	async settle(
		plan: RegisteredPlan,
		records: readonly unknown[],
		batch: PreparedBatch,
		outcome: string | undefined | { error: unknown },
	): Promise<SandboxResult[]> {
		if (outcome !== null && typeof outcome === 'object') return this.recover(plan, records, outcome.error);
		if (outcome === undefined)
			return mergeRejected(batch.count, batch.encoded, this.allTimedOut(batch.encoded.kept.length));
		let kept: SandboxResult[];
		try {
			kept = decodeResults(outcome, batch.encoded.kept.length);
		} catch (error) {
			return this.recover(plan, records, error);
		}
		return mergeRejected(batch.count, batch.encoded, kept);
	}

	/** After a batch failed as a whole (out of memory): halves above 8 records, then one by one, so only the guilty record fails. */
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

	/** Heap the isolate uses now, in bytes (0 when it is not running). */
	usedHeapBytes(): number {
		return this.isolate && !this.isolate.isDisposed ? this.isolate.getHeapStatisticsSync().used_heap_size : 0;
	}

	/** Number of documents whose context is compiled now. */
	get liveContexts(): number {
		return this.live.size;
	}

	dispose(): void {
		if (this.isolate && !this.isolate.isDisposed) this.isolate.dispose();
		this.isolate = undefined;
		this.scripts = undefined;
		for (const plan of this.live) plan.live = undefined;
		this.live.clear();
	}

	private allTimedOut(count: number): SandboxResult[] {
		const error = {
			code: 'SANDBOX_TIMEOUT',
			message: `Record not mapped: its batch exceeded twice the sandbox time limit of ${this.batchTimeoutMs} ms`,
		};
		return Array.from({ length: count }, () => ({ status: 'failed', error }));
	}

	private async attempt(
		entry: ivm.Reference,
		args: string[],
		timeout: number,
	): Promise<string | null | typeof timedOutMark> {
		let failure: unknown;
		try {
			return (await entry.apply(undefined, args, { timeout, arguments: { copy: true }, result: { copy: true } })) as
				string | null;
		} catch (error) {
			failure = error;
		}
		if (failure instanceof Error && timedOut.test(failure.message) && !this.isDisposed) return timedOutMark;
		throw failure;
	}

	private describeFailure(error: unknown): MappingErrorValue {
		const message = error instanceof Error ? error.message : String(error);
		if (this.isDisposed || /memory limit|disposed/i.test(message)) {
			this.dispose();
			return {
				code: 'SANDBOX_MEMORY',
				message: `Record exceeded the sandbox memory limit of ${this.memoryLimitMb} MB`,
			};
		}
		if (timedOut.test(message)) {
			return {
				code: 'SANDBOX_TIMEOUT',
				message: `Record exceeded the sandbox time limit of ${this.batchTimeoutMs} ms`,
			};
		}
		return { code: 'SANDBOX_FAILED', message };
	}

	private ensureIsolate(): { isolate: ivm.Isolate; scripts: IsolateScripts } {
		if (!this.isolate || this.isolate.isDisposed || !this.scripts) {
			this.dispose();
			const isolate = trackedHandle(new isolatedVm.Isolate({ memoryLimit: this.memoryLimitMb }));
			this.isolate = isolate;
			this.scripts = {
				hardening: trackedHandle(isolate.compileScriptSync(contextHardeningSource(this.maxBuiltinLength))),
				libraries: new Map(),
				runtime: trackedHandle(isolate.compileScriptSync(isolateRuntimeSource)),
			};
		}
		return { isolate: this.isolate, scripts: this.scripts };
	}

	/** The plan's context, compiled again when it was released or the isolate was recreated. */
	private contextOf(plan: DocumentPlan): DocumentContext {
		if (plan.live && !plan.live.isolate.isDisposed && plan.live.isolate === this.isolate) {
			this.live.delete(plan);
			this.live.add(plan);
			return plan.live;
		}
		const { isolate, scripts } = this.ensureIsolate();
		const context = trackedHandle(isolate.createContextSync());
		let entry: ivm.Reference | undefined;
		let compiled = false;
		try {
			scripts.hardening.runSync(context);
			entry = trackedHandle(scripts.runtime.runSync(context, { reference: true }) as ivm.Reference);
			const compile = trackedHandle(entry.getSync('compile', { reference: true }) as ivm.Reference);
			const loaded = new Set<PlanLibrary>();
			for (;;) {
				const answer = this.compileIn(compile, plan.planJson);
				if (typeof answer === 'string') {
					plan.columns = parseColumns(answer);
					break;
				}
				if (loaded.has(answer.needs)) throw new Error(`the sandbox runtime asked twice for ${answer.needs}`);
				loaded.add(answer.needs);
				this.libraryScript(answer.needs).runSync(context);
			}
			compile.release();
			const live: DocumentContext = {
				isolate,
				context,
				run: trackedHandle(entry.getSync('run', { reference: true }) as ivm.Reference),
				resume: trackedHandle(entry.getSync('resume', { reference: true }) as ivm.Reference),
				abandon: trackedHandle(entry.getSync('abandon', { reference: true }) as ivm.Reference),
				busy: 0,
			};
			entry.release();
			plan.live = live;
			this.live.add(plan);
			this.evictBeyondLimit();
			compiled = true;
			return live;
		} finally {
			if (!compiled) {
				entry?.release();
				context.release();
			}
		}
	}

	/** The plan's input columns (JSON), or the library the plan needs loaded first. */
	private compileIn(compile: ivm.Reference, planJson: string): string | { needs: PlanLibrary } {
		let failure: string | undefined;
		try {
			return compile.applySync(undefined, [planJson], {
				timeout: this.batchTimeoutMs,
				arguments: { copy: true },
				result: { copy: true },
			}) as string;
		} catch (error) {
			failure = error instanceof Error ? error.message : String(error);
		}
		const match = /^([A-Z_]+): ([\s\S]*)$/.exec(failure);
		if (match?.[1] === 'NEEDS_LIBRARY' && Object.hasOwn(libraryFiles, match[2]))
			return { needs: match[2] as PlanLibrary };
		// The isolate's compile step raises only the codes of MappingErrorCode (fail() in isolate-runtime.ts).
		throw new MappingError((match?.[1] ?? 'INVALID_DOCUMENT') as MappingErrorCode, match?.[2] ?? failure);
	}

	private libraryScript(library: PlanLibrary): ivm.Script {
		const { isolate, scripts } = this.ensureIsolate();
		let script = scripts.libraries.get(library);
		if (!script) {
			script = trackedHandle(isolate.compileScriptSync(librarySource(library)));
			scripts.libraries.set(library, script);
		}
		return script;
	}

	/** Releases the least recently used contexts beyond maxContexts (never one that is mapping a batch). */
	private evictBeyondLimit(): void {
		for (const plan of this.live) {
			if (this.live.size <= this.maxContexts) return;
			const live = plan.live;
			if (!live || live.busy > 0) continue;
			this.live.delete(plan);
			plan.live = undefined;
			for (const reference of [live.run, live.resume, live.abandon]) reference.release();
			live.context.release();
		}
	}
}

const timedOutMark = Symbol('timed out');

let shared: MappingSandbox | undefined;

/** The process-wide sandbox (one long-lived isolate per process). */
export function sharedSandbox(): MappingSandbox {
	shared ??= new MappingSandbox();
	return shared;
}
