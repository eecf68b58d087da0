import type { FieldDiscoveryFormat } from './connector-descriptor';
import type { FieldSchema } from './field-schema';
import { dataverseAttributeFields } from './systems/dynamics365/fields';
import { salesforceDescribeFields } from './systems/salesforce/fields';

/** Reads a system's answers about a resource's fields (and, where it has them, its keys) as field schemas. */
export type FieldFormatParser = (fieldsAnswer: unknown, keysAnswer?: unknown) => FieldSchema[];

/** The parsers a descriptor's `fieldDiscovery.format` names; the parsing itself lives with each system. */
export const fieldFormats: Readonly<Record<FieldDiscoveryFormat, FieldFormatParser>> = {
	salesforceDescribe: (answer) => salesforceDescribeFields(answer),
	dataverseAttributes: dataverseAttributeFields,
};
