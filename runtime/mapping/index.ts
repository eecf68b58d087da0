export { MappingError, type MappingErrorValue } from './mapping-error';
export { castNames, parseCast, type CastSpec } from './cast-spec';
export {
	mappingDocumentSchema,
	parseMappingDocument,
	validateMappingDocument,
	type Mapping,
	type MappingDocument,
	type MappingExample,
	type MappingValue,
} from './mapping-document';
export { MappingSandbox, sharedSandbox, type SandboxOptions, type SandboxResult } from './sandbox';
export {
	createMapper,
	runExamples,
	type ExampleResult,
	type MapResult,
	type Mapper,
	type MapperOptions,
} from './mapper';
export { xmlToJson, type XmlLimits } from './xml';
export { withArrayPaths } from './array-paths';
export { parseCsv, toCsv, type CsvOptions } from './csv';
export { listBundledDocuments, loadBundledDocument, type BundledDocument } from './bundled-documents';
export { recordsAt } from './results-position';
