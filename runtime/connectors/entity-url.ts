/**
 * The id at the end of a record's URL, as systems answer a create with an empty body in a header
 * (Dataverse's `OData-EntityId`, a `Location`): `.../contacts(0d3f...)` -> `0d3f...` (quotes of a
 * string key dropped), `.../items/42` -> `42`.
 */
export function idFromEntityUrl(url: string | null | undefined): string | undefined {
	if (url === undefined || url === null || url === '') return undefined;
	const parenthesised = url.match(/\(([^()]+)\)\s*$/)?.[1];
	if (parenthesised !== undefined) return parenthesised.replace(/^'(.*)'$/, '$1');
	return decodeURIComponent(url.replace(/\/+$/, '').split('/').pop() ?? '') || undefined;
}
