/**
 * One record of a Salesforce DML call as the fake saves it, shared by the sObject Collections and
 * Bulk API 2.0 endpoints: Salesforce's SaveResult / UpsertResult
 * (https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_create_result.htm).
 */
export interface SaveError {
	statusCode: string;
	message: string;
	fields: string[];
}

export interface SaveResult {
	id?: string;
	success: boolean;
	errors: SaveError[];
	/** Upserts only: whether the record was created. */
	created?: boolean;
}

/** The record-level writes of the fake org, each checked as Salesforce checks one record of a call. */
export interface SalesforceDml {
	insert(fields: Record<string, unknown>): SaveResult;
	update(id: string, fields: Record<string, unknown>): SaveResult;
	/** Upserts by one external id field, for the many records of a call or a job (the field indexed once). */
	upserter(externalIdField: string): (value: string, fields: Record<string, unknown>) => SaveResult;
	delete(id: string, options?: { hard?: boolean }): SaveResult;
	isExternalId(name: string): boolean;
	/** A field name the object does not have, if any: the whole request is refused for it. */
	unknownField(names: readonly string[]): string | undefined;
	/** Fields of type boolean (CSV carries `true`/`false` as text). */
	isBoolean(name: string): boolean;
}

export function failed(statusCode: string, message: string, fields: string[] = [], id?: string): SaveResult {
	return { ...(id === undefined ? {} : { id }), success: false, errors: [{ statusCode, message, fields }] };
}

/** Salesforce refuses every record of a call whose external id another record of the call repeats. */
export function repeatedValues(values: readonly (string | undefined)[]): Set<string> {
	const seen = new Set<string>();
	const repeated = new Set<string>();
	for (const value of values) {
		if (value === undefined) continue;
		if (seen.has(value)) repeated.add(value);
		seen.add(value);
	}
	return repeated;
}

export function duplicateExternalId(field: string, value: string): SaveResult {
	return failed('DUPLICATE_VALUE', `Duplicate external id specified: ${value}`, [field]);
}
