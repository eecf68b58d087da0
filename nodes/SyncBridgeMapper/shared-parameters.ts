import type { ILoadOptionsFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { listBundledDocuments } from '../../runtime/mapping';
import { mappersDir } from './bundled-mappers';

/** The bundled-document picker both versions show for Mapping Source "Bundled Document". */
export const bundledDocumentProperty: INodeProperties = {
	displayName: 'Mapping Document Name or ID',
	name: 'document',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getBundledDocuments' },
	default: '',
	required: true,
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	displayOptions: { show: { source: ['bundled'] } },
};

/** Input Format, Input Field and Results Position: where the records are in each item; `show` adds conditions (version 1: map mode only). */
export function inputFormatProperties(show: Record<string, string[]> = {}): INodeProperties[] {
	return [
		{
			displayName: 'Input Format',
			name: 'inputFormat',
			type: 'options',
			options: [
				{ name: 'JSON Items', value: 'json', description: 'Each item is one record' },
				{ name: 'XML String Field', value: 'xml', description: 'A field of each item holds XML' },
				{ name: 'CSV String Field', value: 'csv', description: 'A field of each item holds CSV with a header row' },
			],
			default: 'json',
			...(Object.keys(show).length > 0 ? { displayOptions: { show } } : {}),
		},
		{
			displayName: 'Input Field',
			name: 'inputField',
			type: 'string',
			default: 'data',
			description: 'Name of the field that holds the XML or CSV text',
			displayOptions: { show: { ...show, inputFormat: ['xml', 'csv'] } },
		},
		{
			displayName: 'Results Position',
			name: 'resultsPosition',
			type: 'string',
			default: '_root',
			placeholder: 'elements.element',
			description: 'Dot path of the records inside the parsed XML; _root for the whole document',
			displayOptions: { show: { ...show, inputFormat: ['xml'] } },
		},
	];
}

/** The bundled documents for the picker: name and version, the id as description. */
export async function getBundledDocuments(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return listBundledDocuments(mappersDir).map((d) => ({
		name: `${d.name} (${d.version})`,
		value: d.id,
		description: d.id,
	}));
}
