import type { IDataObject, IExecuteFunctions, ResourceMapperField, ResourceMapperValue } from 'n8n-workflow';
import { recordFromFieldValues } from '../../runtime/connectors';

/** A write's record from the Mapped Fields parameter, and for an upsert the key it is matched by. */
export interface MappedWrite {
	body: Record<string, unknown>;
	key?: { field: string; value: string };
}

/**
 * The record the Mapped Fields parameter (n8n's resource mapper) describes for one item: the fields
 * set below, or with "Map Automatically" the item's fields of the same names. Fields without a value
 * are not written; a required field without one (create) and an upsert without its key value are errors.
 * Read as it was entered (expressions resolved), so dates and numbers reach the system as the user gave them.
 */
export function mappedWrite(
	context: IExecuteFunctions,
	itemIndex: number,
	item: IDataObject,
	operation: 'create' | 'update' | 'upsert',
): MappedWrite {
	const mapper = context.getNodeParameter('fields', itemIndex) as ResourceMapperValue | undefined;
	const schema: ResourceMapperField[] = mapper?.schema ?? [];
	const offered = schema.filter((field) => field.display !== false && field.removed !== true);
	const values: Record<string, unknown> =
		mapper?.mappingMode === 'autoMapInputData'
			? Object.fromEntries(offered.filter((field) => field.id in item).map((field) => [field.id, item[field.id]]))
			: { ...(mapper?.value ?? {}) };
	const unset = (value: unknown) => value === undefined || value === null || value === '';
	if (operation === 'create') {
		const missing = offered.filter((field) => field.required && unset(values[field.id]));
		if (missing.length > 0)
			throw new Error(
				`Required ${missing.length === 1 ? 'field has' : 'fields have'} no value: ${missing.map((field) => field.id).join(', ')}`,
			);
	}
	const keyField = operation === 'upsert' ? mapper?.matchingColumns?.[0] : undefined;
	if (keyField === undefined) return { body: recordFromFieldValues(values) };
	const keyValue = values[keyField];
	if (unset(keyValue)) throw new Error(`The field to match on, ${keyField}, has no value`);
	delete values[keyField];
	return { body: recordFromFieldValues(values), key: { field: keyField, value: String(keyValue) } };
}
