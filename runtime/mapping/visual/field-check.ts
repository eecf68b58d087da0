import type { FieldSchema } from '../../connectors/field-schema';
import { readTargetField } from '../target-key';

export interface FieldProblem {
	field: string;
	code: 'REQUIRED_FIELD_MISSING' | 'TYPE_MISMATCH';
	message: string;
}

/**
 * What is wrong with a mapped record for its target: required fields that came out empty, and values
 * whose type the target field does not take (with the cast that would convert them, where one exists).
 */
export function fieldProblems(record: unknown, schema: readonly FieldSchema[]): FieldProblem[] {
	const problems: FieldProblem[] = [];
	for (const field of schema) {
		if (field.readOnly) continue;
		const value = readTargetField(record, field.id);
		if (value === undefined || value === null || value === '') {
			if (field.required)
				problems.push({
					field: field.id,
					code: 'REQUIRED_FIELD_MISSING',
					message: `Required field "${field.displayName}" (${field.id}) has no value`,
				});
			continue;
		}
		const mismatch = typeMismatch(value, field);
		if (mismatch)
			problems.push({
				field: field.id,
				code: 'TYPE_MISMATCH',
				message: `Field "${field.displayName}" (${field.id}) takes ${mismatch}`,
			});
	}
	return problems;
}

const castFor: Partial<Record<FieldSchema['type'], string>> = {
	string: 'string',
	number: 'float',
	boolean: 'bool',
	dateTime: 'date',
	array: 'array',
	object: 'jsonToArray',
};

function typeMismatch(value: unknown, field: FieldSchema): string | undefined {
	const actual = Array.isArray(value) ? 'array' : typeof value;
	const suggestion = castFor[field.type] ? `; the cast "${castFor[field.type]}" converts it` : '';
	switch (field.type) {
		case 'string':
			return typeof value === 'string' ? undefined : `a string, got ${actual} ${preview(value)}${suggestion}`;
		case 'number':
			return typeof value === 'number' && Number.isFinite(value)
				? undefined
				: `a number, got ${actual} ${preview(value)}${suggestion}`;
		case 'boolean':
			return typeof value === 'boolean' ? undefined : `true or false, got ${actual} ${preview(value)}${suggestion}`;
		case 'dateTime':
			return (typeof value === 'string' && !Number.isNaN(Date.parse(value))) || typeof value === 'number'
				? undefined
				: `a date and time, got ${actual} ${preview(value)}${suggestion}`;
		case 'array':
			return Array.isArray(value) ? undefined : `a list, got ${actual} ${preview(value)}${suggestion}`;
		case 'object':
			return typeof value === 'object' && !Array.isArray(value)
				? undefined
				: `an object, got ${actual} ${preview(value)}${suggestion}`;
		case 'options': {
			const allowed = field.options?.map((option) => option.value) ?? [];
			return allowed.length === 0 || allowed.includes(value as string | number | boolean)
				? undefined
				: `one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${preview(value)}`;
		}
	}
}

function preview(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
