import { parseMappingDocument, type MappingDocument } from '../mapping-document';
import { MappingError } from '../mapping-error';

/** n8n's own variables: `{{ $json.x }}` in a document is an n8n expression, never a Handlebars template. */
const n8nExpression =
	/\{\{[^}]*?(?<![\w$])\$(?:json|input|node|now|today|vars|execution|workflow|parameter|item|env|binary|prevNode|runIndex|itemIndex|jmespath|fromAI|\()[^}]*\}\}/;

/**
 * Reads a mapping document pasted into the node. The text is taken as the user wrote it: n8n marks a
 * value containing `{{` as an expression (a leading `=`), but the node reads it raw, so Handlebars
 * templates arrive intact instead of being filled in blank by n8n. A document that holds an n8n
 * expression by mistake (`{{ $json.email }}`, from a drag) is refused, naming the field.
 */
export function parsePastedDocument(raw: unknown): MappingDocument {
	const text = typeof raw === 'string' ? (raw.startsWith('=') ? raw.slice(1) : raw) : JSON.stringify(raw);
	const parsed = parseJson(text);
	const found = findN8nExpression(parsed, '');
	if (found) {
		throw new MappingError(
			'N8N_EXPRESSION_IN_DOCUMENT',
			`Field "${found.where}" holds the n8n expression "${found.expression}"; a mapping document reads records itself: write the path (for {{ $json.email }}, "email") or a Handlebars template such as "{{email}}"`,
		);
	}
	return parseMappingDocument(JSON.stringify(parsed));
}

function findN8nExpression(value: unknown, where: string): { where: string; expression: string } | undefined {
	if (typeof value === 'string') {
		const match = n8nExpression.exec(value);
		return match ? { where: where || '/', expression: match[0] } : undefined;
	}
	if (value === null || typeof value !== 'object') return undefined;
	for (const [key, child] of Object.entries(value)) {
		const found = findN8nExpression(child, where ? `${where}.${key}` : key);
		if (found) return found;
	}
	return undefined;
}

function parseJson(text: string): unknown {
	let syntaxError: string | undefined;
	try {
		return JSON.parse(text);
	} catch (error) {
		syntaxError = (error as Error).message;
	}
	throw new MappingError('INVALID_JSON', `The pasted mapping document is not valid JSON: ${syntaxError}`);
}
