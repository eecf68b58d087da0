#!/usr/bin/env node
import { flag, flags, hasFlag, type ParsedArguments, parseArguments, UsageError } from './arguments';
import { diffAgainstInstance, diffPaths } from './commands/diff';
import { exportWorkflows } from './commands/export';
import { importWorkflows } from './commands/import';
import { exportMapping, openMapping } from './commands/mapping';
import { validateFiles } from './commands/validate';
import { N8nPublicApi } from './n8n-public-api';
import { nodeTypesFromFile, nodeTypesFromInstance } from './node-types-source';
import { readWorkflowFile, readWorkflowFolder, type WorkflowFile } from './workflow-folder';

const usage = `Usage: syncbridge-workflows <command> [options]

Commands:
  export                 n8n -> one normalised, versioned file per workflow in --dir
  import [files...]      files (default: every *.json in --dir) -> n8n, created or updated by id (alias: push)
  diff <before> <after>  differences between two workflow files or two folders
  diff [files...]        with --url: differences between n8n (before) and the files (after)
  validate [files...]    node types, typeVersions and parameter names against an n8n's node types
  mapping-open <doc>     a mapping document as a visual SyncBridge Mapper node to paste into the editor
  mapping-export <file>  a workflow file's visual SyncBridge Mapper (--node <name>) as a mapping document

Options:
  --url <url>            n8n base URL (env N8N_URL)
  --api-key <key>        n8n API key (env N8N_API_KEY)
  --dir <folder>         workflow folder (default: workflows)
  --publish              import: publish each workflow after writing it
  --sidecar              export: also write volatile fields (versionId, updatedAt, staticData, ...) to <dir>/.meta/
  --include-archived     export: archived workflows too
  --catalog <file>       validate: an n8n nodes.json to validate against (repeatable)
  --email <e-mail>       validate: log in to --url to read its node types (env N8N_EMAIL)
  --password <password>  validate: (env N8N_PASSWORD)
  --node <name>          mapping-export: the Mapper node (default: the workflow's only visual Mapper)
  --help

Exit codes: 0 done / no differences / valid, 1 differences or validation issues, 2 usage error, 3 failure.`;

const spec = {
	boolean: ['publish', 'sidecar', 'include-archived', 'help'],
	value: ['url', 'api-key', 'dir', 'email', 'password', 'node'],
	many: ['catalog'],
};

const print = (line: string) => console.log(line);

function required(value: string | undefined, what: string): string {
	if (!value) throw new UsageError(`${what} is required`);
	return value;
}

function publicApi(parsed: ParsedArguments): N8nPublicApi {
	const url = required(flag(parsed, 'url') ?? process.env.N8N_URL, '--url (or N8N_URL)');
	const apiKey = required(flag(parsed, 'api-key') ?? process.env.N8N_API_KEY, '--api-key (or N8N_API_KEY)');
	return new N8nPublicApi(url, apiKey);
}

async function workflowFiles(parsed: ParsedArguments): Promise<WorkflowFile[]> {
	if (parsed.positionals.length > 0) return await Promise.all(parsed.positionals.map(readWorkflowFile));
	const dir = flag(parsed, 'dir') ?? 'workflows';
	const files = await readWorkflowFolder(dir);
	if (files.length === 0) throw new UsageError(`no workflow files in ${dir}`);
	return files;
}

async function nodeTypes(parsed: ParsedArguments): Promise<unknown[]> {
	const catalogs = flags(parsed, 'catalog');
	if (catalogs.length > 0) return (await Promise.all(catalogs.map(nodeTypesFromFile))).flat();
	const url = required(flag(parsed, 'url') ?? process.env.N8N_URL, '--catalog, or --url (or N8N_URL)');
	const email = required(flag(parsed, 'email') ?? process.env.N8N_EMAIL, '--email (or N8N_EMAIL)');
	const password = required(flag(parsed, 'password') ?? process.env.N8N_PASSWORD, '--password (or N8N_PASSWORD)');
	return await nodeTypesFromInstance(url, email, password);
}

async function run(argv: string[]): Promise<number> {
	const [command, ...rest] = argv;
	const parsed = parseArguments(rest, spec);
	if (!command || command === '--help' || hasFlag(parsed, 'help')) {
		print(usage);
		return command ? 0 : 2;
	}
	switch (command) {
		case 'export':
			if (parsed.positionals.length > 0) throw new UsageError('export takes no file arguments');
			await exportWorkflows({
				api: publicApi(parsed),
				dir: flag(parsed, 'dir') ?? 'workflows',
				sidecar: hasFlag(parsed, 'sidecar'),
				includeArchived: hasFlag(parsed, 'include-archived'),
				print,
			});
			return 0;
		case 'import':
		case 'push':
			await importWorkflows({
				api: publicApi(parsed),
				files: await workflowFiles(parsed),
				publish: hasFlag(parsed, 'publish'),
				print,
			});
			return 0;
		case 'diff': {
			const remote = Boolean(flag(parsed, 'url') ?? process.env.N8N_URL) && parsed.positionals.length !== 2;
			let different: boolean;
			if (remote) different = await diffAgainstInstance(publicApi(parsed), await workflowFiles(parsed), print);
			else if (parsed.positionals.length === 2)
				different = await diffPaths(parsed.positionals[0], parsed.positionals[1], print);
			else throw new UsageError('diff needs two files or folders, or --url to compare with n8n');
			if (!different) print('no differences');
			return different ? 1 : 0;
		}
		case 'validate':
			return validateFiles(await workflowFiles(parsed), await nodeTypes(parsed), print) > 0 ? 1 : 0;
		case 'mapping-open':
			if (parsed.positionals.length !== 1) throw new UsageError('mapping-open takes one mapping document');
			process.stdout.write(await openMapping(parsed.positionals[0]));
			return 0;
		case 'mapping-export':
			if (parsed.positionals.length !== 1) throw new UsageError('mapping-export takes one workflow file');
			process.stdout.write(await exportMapping(parsed.positionals[0], flag(parsed, 'node')));
			return 0;
		default:
			throw new UsageError(`unknown command "${command}"`);
	}
}

run(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		if (error instanceof UsageError) {
			console.error(`syncbridge-workflows: ${error.message}\n\n${usage}`);
			process.exitCode = 2;
		} else {
			// n8n refused or could not be reached, a credential is missing, a file is malformed
			console.error(`syncbridge-workflows: ${error instanceof Error ? error.message : String(error)}`);
			process.exitCode = 3;
		}
	},
);
