import type { IDataObject } from 'n8n-workflow';
import { metadataKey } from '../../runtime/contracts/item-metadata';

/**
 * The input item's SyncBridge metadata (Contract Check's routing, the webhook delivery) rides along
 * on the mapped item, so Contract Check -> Mapper -> Upsert works; a mapping that sets its own wins.
 */
export function withInputMetadata(value: IDataObject, input: IDataObject): IDataObject {
	const metadata = input[metadataKey];
	if (metadata === undefined || value[metadataKey] !== undefined) return value;
	return { ...value, [metadataKey]: metadata };
}
