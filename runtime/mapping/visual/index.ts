export { dragExpressionOf, fieldSourceOf, type FieldSource, type PathSegment } from './field-source';
export { autoMatch, inputFieldNames, looseName } from './loose-name';
export {
	compileVisualMapping,
	computedKey,
	pathValue,
	withComputedValues,
	type ComputedField,
	type VisualField,
	type VisualMapping,
} from './visual-mapping';
export { fieldProblems, type FieldProblem } from './field-check';
export { exportMappingDocument, openMappingDocument, type OpenedField } from './document-conversion';
export { parsePastedDocument } from './pasted-document';
