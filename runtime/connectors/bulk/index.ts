import type { BulkWriter } from '../../contracts/bulk-write';
import type { BulkWriteDescriptor, ConnectorDescriptor } from '../connector-descriptor';
import { googleBatchWriter } from './google-batch';
import { odataBatchWriter } from './odata-batch';
import { salesforceCollectionsWriter } from './salesforce-collections';

/** What a bulk writer is built from: the connector, the resource written and the synchronization's settings. */
export interface BulkWriterContext {
	descriptor: ConnectorDescriptor;
	resource: string;
	/** Fields for `{{placeholders}}` in the base URL and headers (the credential's). */
	credentials?: Record<string, unknown>;
	/** Values for `{name}` placeholders other than `{id}` (Google's `{calendarId}`). */
	pathParameters?: Record<string, unknown>;
	/** The body field the synchronization upserts by (Salesforce's external id), when it does. */
	upsertBy?: string;
}

type BulkFormat = BulkWriteDescriptor['format'];
type BulkWriterFactory<F extends BulkFormat> = (
	context: BulkWriterContext,
	spec: Extract<BulkWriteDescriptor, { format: F }>,
) => BulkWriter | undefined;

/** One implementation per format; undefined where the format cannot write this synchronization's way. */
const bulkFormats: { [F in BulkFormat]?: BulkWriterFactory<F> } = {
	salesforceCollections: salesforceCollectionsWriter,
	odataBatch: odataBatchWriter,
	googleBatch: googleBatchWriter,
};

/** The resource's bulk writer, when its connector describes a bulk API that fits the synchronization. */
export function bulkWriterFor(context: BulkWriterContext): BulkWriter | undefined {
	const spec = context.descriptor.resources[context.resource]?.bulkWrite;
	if (spec === undefined) return undefined;
	const factory = bulkFormats[spec.format] as BulkWriterFactory<typeof spec.format> | undefined;
	return factory?.(context, spec);
}
