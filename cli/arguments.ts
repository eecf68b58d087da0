/** Flags a command accepts: boolean flags take no value, the others one value each (repeatable when `many`). */
export interface FlagSpec {
	boolean?: readonly string[];
	value?: readonly string[];
	many?: readonly string[];
}

export interface ParsedArguments {
	positionals: string[];
	flags: Map<string, string[]>;
}

export class UsageError extends Error {}

/** `--name value`, `--name=value`, boolean `--name`, and `--` to end the flags; anything else is positional. */
export function parseArguments(argv: readonly string[], spec: FlagSpec): ParsedArguments {
	const valued = new Set([...(spec.value ?? []), ...(spec.many ?? [])]);
	const booleans = new Set(spec.boolean ?? []);
	const positionals: string[] = [];
	const flags = new Map<string, string[]>();
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index];
		if (argument === '--') {
			positionals.push(...argv.slice(index + 1));
			break;
		}
		if (!argument.startsWith('--')) {
			positionals.push(argument);
			continue;
		}
		const [name, inline] = argument.slice(2).split(/=(.*)/s, 2);
		if (booleans.has(name)) {
			if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
			flags.set(name, ['true']);
		} else if (valued.has(name)) {
			const value = inline ?? argv[++index];
			if (value === undefined || (inline === undefined && value.startsWith('--')))
				throw new UsageError(`--${name} needs a value`);
			const values = flags.get(name) ?? [];
			if (values.length > 0 && !spec.many?.includes(name)) throw new UsageError(`--${name} given twice`);
			flags.set(name, [...values, value]);
		} else {
			throw new UsageError(`unknown option --${name}`);
		}
	}
	return { positionals, flags };
}

export function flag(parsed: ParsedArguments, name: string): string | undefined {
	return parsed.flags.get(name)?.[0];
}

export function hasFlag(parsed: ParsedArguments, name: string): boolean {
	return parsed.flags.has(name);
}

export function flags(parsed: ParsedArguments, name: string): string[] {
	return parsed.flags.get(name) ?? [];
}
