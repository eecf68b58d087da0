import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { PassedItem } from '../../runtime/contracts/item-metadata';

/** A comma-separated parameter (Volatile Fields, Requested Origin IDs) as its trimmed, non-empty parts. */
export function commaList(value: string): string[] {
	return value
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** An item a contract pass produced, as n8n output paired with the input item it came from. */
export function outputItem(item: PassedItem): INodeExecutionData {
	return { json: item.json as IDataObject, pairedItem: { item: item.index } };
}
