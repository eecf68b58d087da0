import { MappingError } from './mapping-error';

/** Every cast the sandbox implements; anything else is rejected when a document is compiled. */
export const castNames = [
	'string',
	'bool',
	'?bool',
	'int',
	'float',
	'array',
	'date',
	'url',
	'urlDecode',
	'html',
	'htmlDecode',
	'base64',
	'base64Decode',
	'json',
	'jsonToArray',
	'nullStringToNull',
	'keyCantBeValue',
	'unsetIfValue',
	'setNullIfValue',
	'countValue',
	'moneyStringToInt',
	'intToMoneyString',
] as const;

export interface CastSpec {
	name: string;
	arg?: string;
}

const known = new Set<string>(castNames);

/** Parses `int`, `date:YYYY-MM-DD`, `unsetIfValue==X`, `setNullIfValue==X`. */
export function parseCast(text: string, field: string): CastSpec {
	const equals = /^(unsetIfValue|setNullIfValue)==(.*)$/s.exec(text);
	if (equals) return { name: equals[1], arg: equals[2] };
	const colon = text.indexOf(':');
	const name = colon === -1 ? text.trim() : text.slice(0, colon).trim();
	const arg = colon === -1 ? undefined : text.slice(colon + 1);
	if (!known.has(name)) throw new MappingError('UNKNOWN_CAST', `Unknown cast "${text}" on field "${field}"`);
	if ((name === 'unsetIfValue' || name === 'setNullIfValue') && arg === undefined) {
		throw new MappingError('UNKNOWN_CAST', `Cast "${name}" on field "${field}" needs a value: ${name}==X`);
	}
	return arg === undefined ? { name } : { name, arg };
}
