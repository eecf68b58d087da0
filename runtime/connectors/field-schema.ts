/** The fields a person maps onto a target record: what the editor lists, per resource of a connector. */

export type FieldSchemaType = 'string' | 'number' | 'boolean' | 'dateTime' | 'object' | 'array' | 'options';

export interface FieldSchema {
	/** Key in the target record; a dot path for nested fields (`address.city`). */
	id: string;
	displayName: string;
	type: FieldSchemaType;
	/** Required when creating a record. */
	required?: boolean;
	description?: string;
	/** Choices for `options` fields. */
	options?: { name: string; value: string | number | boolean }[];
	/** Set by the system (ids, timestamps): never written. */
	readOnly?: boolean;
	/** Can identify a record for an upsert (Salesforce external-id fields, Dataverse alternate keys). */
	matchKey?: boolean;
}
