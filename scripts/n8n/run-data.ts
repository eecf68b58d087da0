/** A binary property in run data: the content lives in n8n's binary data store under `id`. */
export interface BinaryReference {
	id?: string;
	fileName?: string;
	mimeType?: string;
	/** Inline base64 content (n8n's in-memory mode). */
	data: string;
}

/** The parts of an n8n execution's run data the tests read. */
export interface RunData {
	data: {
		resultData: {
			error?: { message: string };
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message: string };
					data?: {
						main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, BinaryReference> }> | null>;
					};
				}>
			>;
		};
	};
	/** Whether the execution ran to its end (a failed one too). */
	finished?: boolean;
}

/**
 * `n8n execute --rawOutput` prints the run data as indented JSON, but log lines may precede or
 * follow it on stdout: take the span from the first line that opens an object to the last that closes it.
 */
export function parseRawOutput(stdout: string): RunData {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line === '{');
	const last = lines.findLastIndex((line) => line === '}');
	if (first === -1 || last < first) throw new Error(`no run data in n8n output:\n${stdout.slice(0, 2000)}`);
	return JSON.parse(lines.slice(first, last + 1).join('\n')) as RunData;
}

/** The JSON of every item one node emitted on one output, in its first run. */
export function nodeOutput(runData: RunData, nodeName: string, outputIndex = 0): Array<Record<string, unknown>> {
	const runs = runData.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(runData.data.resultData.runData).join(', ')}`);
	const [firstRun] = runs;
	if (firstRun.error) throw new Error(`node "${nodeName}" failed: ${firstRun.error.message}`);
	return (firstRun.data?.main[outputIndex] ?? []).map((item) => item.json);
}

/**
 * The JSON of every item one node emitted on one output over all its runs: a node fed by several
 * outputs of one node (Contract Check's New, Changed and Orphaned into one Upsert) runs once per output.
 */
export function nodeOutputOfAllRuns(
	runData: RunData,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, unknown>> {
	const runs = runData.data.resultData.runData[nodeName] ?? [];
	const failed = runs.find((run) => run.error);
	if (failed?.error) throw new Error(`node "${nodeName}" failed: ${failed.error.message}`);
	return runs.flatMap((run) => (run.data?.main[outputIndex] ?? []).map((item) => item.json));
}

/** The binary properties of every item one node emitted on one output, in its first run. */
export function nodeBinaries(
	runData: RunData,
	nodeName: string,
	outputIndex = 0,
): Array<Record<string, BinaryReference>> {
	nodeOutput(runData, nodeName, outputIndex);
	const [firstRun] = runData.data.resultData.runData[nodeName];
	return (firstRun.data?.main[outputIndex] ?? []).map((item) => item.binary ?? {});
}
