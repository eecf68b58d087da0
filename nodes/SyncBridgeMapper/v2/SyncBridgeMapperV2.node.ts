import {
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
	type ResourceMapperField,
} from 'n8n-workflow';
import { MappingError } from '../../../runtime/mapping';
import { getBundledDocuments } from '../shared-parameters';
import { mapperV2Description } from './description';
import { runDocumentMapping } from './document-run';
import { loadTargetFields } from '../../../runtime/connectors';
import { TARGET_FIELDS_METHOD, targetFieldsMethod } from '../../shared/target-fields';
import { freeFieldsTarget, mappingTarget } from './targets';
import { runVisualMapping } from './visual-run';

/** Version 2: visual mapping to a target's fields (the default), or a bundled / pasted document read raw. */
export class SyncBridgeMapperV2 {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = mapperV2Description(baseDescription);
	}

	methods = {
		loadOptions: {
			getBundledDocuments,
			async getMappedFieldNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const target = this.getCurrentNodeParameter('target') as string;
				if (target === freeFieldsTarget) {
					const free = (this.getCurrentNodeParameter('freeFields') ?? {}) as { assignments?: { name: string }[] };
					return (free.assignments ?? []).filter((a) => a.name).map((a) => ({ name: a.name, value: a.name }));
				}
				// The fields the resource mapper loaded (live ones included), else the connector's own list.
				const mapped = this.getCurrentNodeParameter('fields') as { schema?: ResourceMapperField[] } | undefined;
				if (mapped?.schema?.length)
					return mapped.schema.map((field) => ({
						name: field.displayName.split(' — ')[0],
						value: field.id,
						description: field.displayName,
					}));
				const choice = mappingTarget(this);
				if (choice === undefined) return [];
				const fields = await loadTargetFields(choice.descriptor, choice.resource);
				return fields
					.filter((field) => !field.readOnly)
					.map((field) => ({ name: field.displayName, value: field.id, description: field.description }));
			},
		},
		resourceMapping: {
			[TARGET_FIELDS_METHOD]: targetFieldsMethod(mappingTarget),
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const mode = this.getNodeParameter('mode', 0) as string;
		try {
			if (this.getNodeParameter('source', 0) === 'visual') return await runVisualMapping(this, mode);
			return await runDocumentMapping(this, mode);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			const { description } = error as { description?: string };
			throw new NodeOperationError(
				this.getNode(),
				error instanceof MappingError ? `${error.code}: ${message}` : message,
				description ? { description } : {},
			);
		}
	}
}
