import {
	NodeOperationError,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypeBaseDescription,
	type INodeTypeDescription,
	type ResourceMapperFields,
} from 'n8n-workflow';
import { listBundledDocuments, MappingError } from '../../../runtime/mapping';
import { mappersDir } from '../bundled-mappers';
import { mapperV2Description } from './description';
import { runDocumentMapping } from './document-run';
import { freeFieldsTarget, resourceMapperField, targetFields } from './targets';
import { runVisualMapping } from './visual-run';

/** Version 2: visual mapping to a target's fields (the default), or a bundled / pasted document read raw. */
export class SyncBridgeMapperV2 implements INodeType {
	description: INodeTypeDescription;

	constructor(baseDescription: INodeTypeBaseDescription) {
		this.description = mapperV2Description(baseDescription);
	}

	methods = {
		loadOptions: {
			async getBundledDocuments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return listBundledDocuments(mappersDir).map((d) => ({ name: `${d.name} (${d.version})`, value: d.id, description: d.id }));
			},
			async getMappedFieldNames(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				const target = this.getCurrentNodeParameter('target') as string;
				if (target === freeFieldsTarget) {
					const free = (this.getCurrentNodeParameter('freeFields') ?? {}) as { assignments?: { name: string }[] };
					return (free.assignments ?? []).filter((a) => a.name).map((a) => ({ name: a.name, value: a.name }));
				}
				return targetFields(target).map((field) => ({ name: field.displayName, value: field.id, description: field.description }));
			},
		},
		resourceMapping: {
			async getTargetFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
				const target = this.getCurrentNodeParameter('target') as string;
				return { fields: targetFields(target).map(resourceMapperField), emptyFieldsNotice: 'This target has no field list; use Free Fields' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const mode = this.getNodeParameter('mode', 0) as string;
		try {
			if (this.getNodeParameter('source', 0) === 'visual') return await runVisualMapping(this, mode);
			return await runDocumentMapping(this, mode);
		} catch (error) {
			if (error instanceof NodeOperationError) throw error;
			const message = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(this.getNode(), error instanceof MappingError ? `${error.code}: ${message}` : message);
		}
	}
}
