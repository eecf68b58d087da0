/**
 * Source of the code run in each document's own context (see sandbox.ts), after the context hardening. It
 * evaluates to the runtime's entry points, which only the host holds
 * (nothing is put on the global object): `compile(planJson)` answers the input columns the plan reads (see
 * batch-codec.ts), `run(batchJson)` answers `{ v, f, s }`, and after the host stopped a batch for exceeding its
 * time, `resume(message)` fails the record that was running and maps the rest, `abandon(message, rest)` fails
 * it and every record not yet mapped. All exchange only strings.
 */
export const isolateRuntimeSource = String.raw`
(function () {
'use strict';
// captured before any user code runs, so a document's expressions cannot swap them for the runtime
const parseJson = JSON.parse;
const toJson = JSON.stringify;
const needsJsonEscape = /["\\\u0000-\u001f\u2028\u2029]/;
/** Text of a {{value}}: escaped for use inside a JSON string literal (Handlebars uses this too, see adoptLibraries). */
function escapeText(value) {
	if (value === null || value === undefined) return '';
	if (value && typeof value.toHTML === 'function') return value.toHTML();
	const text = String(value);
	return needsJsonEscape.test(text) ? toJson(text).slice(1, -1) : text;
}
let Hb;
let jsonPath;
let logic;
/**
 * Takes the libraries the host loaded into this context off the global scope. A context starts without
 * them; compiling a plan that needs one fails with NEEDS_LIBRARY, the host loads it and compiles again
 * (no user code has run in the context yet), so a document pays only for the libraries it uses.
 */
function adoptLibraries() {
	if (typeof Handlebars !== 'undefined') { Hb = Handlebars.create(); Hb.Utils.escapeExpression = escapeText; }
	if (typeof JSONPath !== 'undefined') jsonPath = JSONPath.JSONPath;
	if (typeof jsonLogic !== 'undefined') logic = jsonLogic;
	delete globalThis.Handlebars;
	delete globalThis.JSONPath;
	delete globalThis.jsonLogic;
}
function needs(library) { return fail('NEEDS_LIBRARY', library); }
// Handlebars' built-in helpers (no others are registered); a {{name}} with one of these names is a helper call
const helperNames = new Set(['blockHelperMissing', 'each', 'helperMissing', 'if', 'unless', 'log', 'lookup', 'with']);
const UNSET = Symbol('unset');
const forbidden = new Set(['__proto__', 'constructor', 'prototype']);
const own = Object.prototype.hasOwnProperty;

function fail(code, message) { const error = new Error(message); error.code = code; return error; }
function getPath(record, path) {
	if (path === '' || path === '_root') return record;
	let current = record;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object' || forbidden.has(part) || !own.call(current, part)) return undefined;
		current = current[part];
	}
	return current;
}
function isRootPath(path) { return path === '' || path === '_root'; }
function hasForbidden(path) { return path.split('.').some((part) => forbidden.has(part)); }
/**
 * A reader (record, columns, index) => value. With a column index (projected batches) the value comes
 * from the column the host extracted for that path; otherwise it is read from the record, own properties only.
 */
function pathGetter(path, columnIndex) {
	if (isRootPath(path)) return (record) => record;
	if (hasForbidden(path)) return () => undefined;
	if (columnIndex) { const k = columnIndex.get(path); return (record, columns, i) => columns[k][i]; }
	const parts = path.split('.');
	if (parts.length === 1) { const key = parts[0]; return (record) => record !== null && typeof record === 'object' && own.call(record, key) ? record[key] : undefined; }
	return (record) => {
		let current = record;
		for (let i = 0; i < parts.length; i++) {
			if (current === null || typeof current !== 'object' || !own.call(current, parts[i])) return undefined;
			current = current[parts[i]];
		}
		return current;
	};
}
/**
 * A target key's parts: dots nest (address.city), except inside an OData annotation, which is one key
 * (new_Contact@odata.bind): the key is split only before its '@' (as targetKeyPath on the host).
 */
function targetParts(key) {
	const at = key.indexOf('@');
	const parts = (at === -1 ? key : key.slice(0, at)).split('.');
	if (at !== -1) parts[parts.length - 1] += key.slice(at);
	return parts;
}
function partsGetter(parts) {
	return (out) => {
		let current = out;
		for (let i = 0; i < parts.length; i++) {
			if (current === null || typeof current !== 'object' || !own.call(current, parts[i])) return undefined;
			current = current[parts[i]];
		}
		return current;
	};
}
function setPath(target, parts, value) {
	let current = target;
	for (let i = 0; i < parts.length - 1; i++) {
		let next = own.call(current, parts[i]) ? current[parts[i]] : undefined;
		if (next === null || typeof next !== 'object') { next = {}; current[parts[i]] = next; }
		current = next;
	}
	current[parts[parts.length - 1]] = value;
}
function unsetPath(target, parts) {
	let current = target;
	for (let i = 0; i < parts.length - 1; i++) {
		if (current === null || typeof current !== 'object' || !own.call(current, parts[i])) return;
		current = current[parts[i]];
	}
	if (current !== null && typeof current === 'object') delete current[parts[parts.length - 1]];
}

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function toBase64(text) {
	const bin = unescape(encodeURIComponent(text));
	let out = '';
	for (let i = 0; i < bin.length; i += 3) {
		const a = bin.charCodeAt(i), b = bin.charCodeAt(i + 1), c = bin.charCodeAt(i + 2);
		const n = (a << 16) | ((b || 0) << 8) | (c || 0);
		out += b64[(n >> 18) & 63] + b64[(n >> 12) & 63] + (i + 1 < bin.length ? b64[(n >> 6) & 63] : '=') + (i + 2 < bin.length ? b64[n & 63] : '=');
	}
	return out;
}
function fromBase64(text) {
	const clean = String(text).replace(/[\s=]/g, '');
	if (/[^A-Za-z0-9+/]/.test(clean)) throw fail('CAST_FAILED', 'not base64');
	let bin = '';
	let bits = 0, value = 0;
	for (const ch of clean) {
		value = (value << 6) | b64.indexOf(ch); bits += 6;
		if (bits >= 8) { bits -= 8; bin += String.fromCharCode((value >> bits) & 255); }
	}
	return decodeURIComponent(escape(bin));
}
const htmlEntities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const namedEntities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function pad(n, width) { return String(n).padStart(width, '0'); }
function formatDate(date, format) {
	const tokens = { YYYY: pad(date.getUTCFullYear(), 4), MM: pad(date.getUTCMonth() + 1, 2), DD: pad(date.getUTCDate(), 2),
		HH: pad(date.getUTCHours(), 2), mm: pad(date.getUTCMinutes(), 2), ss: pad(date.getUTCSeconds(), 2), SSS: pad(date.getUTCMilliseconds(), 3) };
	return format.replace(/YYYY|SSS|MM|DD|HH|mm|ss/g, (t) => tokens[t]);
}
const trueWords = new Set(['true', '1', 'yes', 'on', 'y']);
function toBool(v) {
	if (typeof v === 'string') return trueWords.has(v.trim().toLowerCase());
	return Boolean(v);
}
function matchesValue(v, arg) {
	if (v === null || v === undefined) return arg === '' || arg === 'null';
	return (typeof v === 'object' ? toJson(v) : String(v)) === arg;
}
const casts = {
	string: (v) => v === null || v === undefined ? v : typeof v === 'object' ? toJson(v) : String(v),
	bool: (v) => toBool(v),
	'?bool': (v) => v === null || v === undefined || v === '' ? null : toBool(v),
	int: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const n = typeof v === 'number' ? Math.trunc(v) : Number.parseInt(String(v).trim(), 10);
		if (Number.isNaN(n)) throw fail('CAST_FAILED', 'Cast "int" on field "' + field + '": ' + toJson(v) + ' is not an integer');
		return n;
	},
	float: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const n = typeof v === 'number' ? v : Number(String(v).trim());
		if (!Number.isFinite(n)) throw fail('CAST_FAILED', 'Cast "float" on field "' + field + '": ' + toJson(v) + ' is not a number');
		return n;
	},
	array: (v) => v === null || v === undefined ? [] : Array.isArray(v) ? v : [v],
	date: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const date = typeof v === 'number' ? new Date(v < 1e11 ? v * 1000 : v) : new Date(String(v));
		if (Number.isNaN(date.getTime())) throw fail('CAST_FAILED', 'Cast "date" on field "' + field + '": ' + toJson(v) + ' is not a date');
		return arg ? formatDate(date, arg) : date.toISOString();
	},
	url: (v) => v === null || v === undefined ? v : encodeURIComponent(String(v)),
	urlDecode: (v, arg, field) => {
		if (v === null || v === undefined) return v;
		try { return decodeURIComponent(String(v).replace(/\+/g, ' ')); } catch { throw fail('CAST_FAILED', 'Cast "urlDecode" on field "' + field + '": malformed URI sequence'); }
	},
	html: (v) => v === null || v === undefined ? v : String(v).replace(/[&<>"']/g, (c) => htmlEntities[c]),
	htmlDecode: (v) => v === null || v === undefined ? v : String(v).replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
		if (e[0] === '#') { const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10); return code <= 0x10ffff ? String.fromCodePoint(code) : m; }
		return own.call(namedEntities, e) ? namedEntities[e] : m;
	}),
	base64: (v) => v === null || v === undefined ? v : toBase64(typeof v === 'object' ? toJson(v) : String(v)),
	base64Decode: (v, arg, field) => {
		if (v === null || v === undefined) return v;
		try { return fromBase64(v); } catch { throw fail('CAST_FAILED', 'Cast "base64Decode" on field "' + field + '": not valid base64'); }
	},
	json: (v) => v === undefined ? v : toJson(v),
	jsonToArray: (v, arg, field) => {
		if (typeof v !== 'string') return v;
		try { return parseJson(v); } catch (e) { throw fail('CAST_FAILED', 'Cast "jsonToArray" on field "' + field + '": ' + e.message); }
	},
	nullStringToNull: (v) => typeof v === 'string' && v.trim().toLowerCase() === 'null' ? null : v,
	keyCantBeValue: (v, arg, field) => v === field || v === field.split('.').pop() ? UNSET : v,
	unsetIfValue: (v, arg) => matchesValue(v, arg) ? UNSET : v,
	setNullIfValue: (v, arg) => matchesValue(v, arg) ? null : v,
	countValue: (v) => Array.isArray(v) || typeof v === 'string' ? v.length : v !== null && typeof v === 'object' ? Object.keys(v).length : 0,
	moneyStringToInt: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		if (typeof v === 'number') return Math.round(v * 100);
		const text = String(v).replace(/[^0-9,.-]/g, '');
		const m = /^(-?)([0-9.,]*?)(?:[.,]([0-9]{1,2}))?$/.exec(text);
		if (!m || (m[2] === '' && m[3] === undefined)) throw fail('CAST_FAILED', 'Cast "moneyStringToInt" on field "' + field + '": ' + toJson(v) + ' is not an amount');
		const units = Number.parseInt(m[2].replace(/[.,]/g, '') || '0', 10);
		const cents = m[3] === undefined ? 0 : Number.parseInt(m[3].padEnd(2, '0'), 10);
		return (m[1] ? -1 : 1) * (units * 100 + cents);
	},
	intToMoneyString: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const n = typeof v === 'number' ? v : Number(v);
		if (!Number.isInteger(n)) throw fail('CAST_FAILED', 'Cast "intToMoneyString" on field "' + field + '": ' + toJson(v) + ' is not an integer amount');
		const abs = Math.abs(n);
		return (n < 0 ? '-' : '') + Math.floor(abs / 100) + '.' + pad(abs % 100, 2);
	},
};
const helpers = Object.freeze({ getPath, formatDate, toBase64, fromBase64 });

function compileValue(spec, field, columnIndex) {
	if (typeof spec === 'string') {
		if (spec.startsWith('$')) return compileJsonPath(spec, field);
		if (spec.includes('{{')) return compileTemplate(spec, field, false, columnIndex);
		return pathGetter(spec, columnIndex);
	}
	if (own.call(spec, 'const')) {
		const value = spec.const;
		if (value === null || typeof value !== 'object') return () => value;
		const text = toJson(value);
		return () => parseJson(text);
	}
	if (own.call(spec, 'path')) return pathGetter(spec.path, columnIndex);
	if (own.call(spec, 'jsonPath')) return compileJsonPath(spec.jsonPath, field);
	if (own.call(spec, 'template')) return compileTemplate(spec.template, field, spec.escape === 'html', columnIndex);
	if (own.call(spec, 'expression')) {
		let fn;
		try { fn = new Function('record', 'helpers', '"use strict"; return (' + spec.expression + '\n);'); }
		catch (e) { throw fail('INVALID_EXPRESSION', 'Expression of field "' + field + '": ' + e.message); }
		return (record) => fn(record, helpers);
	}
	if (own.call(spec, 'each')) {
		const element = compileMapping(spec.mapping, field + '[]');
		const source = pathGetter(spec.each, columnIndex);
		return (record, columns, index) => {
			const list = source(record, columns, index);
			if (list === null || list === undefined) return [];
			return (Array.isArray(list) ? list : [list]).map((item) => element(item));
		};
	}
	if (own.call(spec, 'object')) return compileMapping(spec.object, field, columnIndex);
	throw fail('INVALID_DOCUMENT', 'Field "' + field + '" has no recognised value kind');
}
function compileJsonPath(path, field) {
	if (!jsonPath) throw needs('jsonPath');
	return (record) => {
		try {
			return jsonPath({ path, json: record, wrap: false, eval: false });
		} catch (e) { throw fail('JSONPATH_FAILED', 'JSONPath "' + path + '" of field "' + field + '": ' + e.message); }
	};
}
const simpleToken = /^\{\{\s*([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)\s*\}\}$/;
const literalSegment = /^(?:-?[0-9]|(?:true|false|null|undefined|else|this)$)/;
/**
 * A {{path}} segment the fast path reads exactly as Handlebars does. Names Handlebars lexes as literals or
 * treats as helpers, and names on Object/Array prototypes (which Handlebars resolves through its
 * prototype-access checks), go to Handlebars itself. Forbidden segments stay here: they always fail.
 */
function plainSegment(part) {
	if (forbidden.has(part)) return true;
	return !literalSegment.test(part) && !helperNames.has(part) && !(part in Object.prototype) && !(part in Array.prototype);
}
/** The template a string value is (JSONPath comes first, as in compileValue), or undefined. */
function templateOf(spec) {
	return !spec.startsWith('$') && spec.includes('{{') ? spec : undefined;
}
/** The pieces of a template made only of text and {{dot.path}} (a string, or { path }), else undefined. */
function simplePieces(source) {
	if (source.includes('\\') || source.includes('{{{')) return undefined;
	const pieces = source.split(/(\{\{[\s\S]*?\}\})/);
	const out = [];
	for (let i = 0; i < pieces.length; i++) {
		if (i % 2 === 0) { if (pieces[i].includes('{{') || pieces[i].includes('}}')) return undefined; if (pieces[i]) out.push(pieces[i]); continue; }
		const match = simpleToken.exec(pieces[i]);
		if (!match || !match[1].split('.').every(plainSegment)) return undefined;
		out.push({ path: match[1] });
	}
	return out;
}
/** Templates made only of text and {{dot.path}} run without Handlebars, with its strict, JSON-safe semantics. */
function simpleTemplate(pieces, field, columnIndex) {
	const steps = pieces.map((piece) => typeof piece === 'string' ? piece : { name: piece.path, get: pathGetter(piece.path, columnIndex) });
	return (record, columns, index) => {
		let out = '';
		for (const step of steps) out += typeof step === 'string' ? step : templateText(step.get(record, columns, index), field, step.name);
		return out;
	};
}
function compileTemplate(source, field, htmlEscape, columnIndex) {
	const pieces = simplePieces(source);
	if (pieces) {
		const simple = simpleTemplate(pieces, field, columnIndex);
		return htmlEscape ? (record, columns, index) => casts.html(simple(record, columns, index)) : simple;
	}
	if (!Hb) throw needs('handlebars');
	try { Hb.parse(source); }
	catch (e) { throw fail('INVALID_TEMPLATE', 'Template of field "' + field + '": ' + e.message); }
	const template = Hb.compile(source, { strict: true, knownHelpersOnly: true });
	const options = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false, allowCallsToHelperMissing: false };
	return (record) => {
		try {
			const out = template(record, options);
			return htmlEscape ? casts.html(out) : out;
		} catch (e) { throw fail('TEMPLATE_FAILED', 'Template of field "' + field + '": ' + e.message); }
	};
}
/**
 * A mapping compiles to ONE generated function (no per-field closure calls for column reads and plain
 * templates). The generated source holds no user text except JSON.stringify'd string literals; everything
 * else a field needs (compiled templates, JSONPath, expressions, path lists) is passed in the array K.
 */
function compileMapping(mapping, prefix, columnIndex) {
	const K = [];
	const constant = (value) => 'K[' + (K.push(value) - 1) + ']';
	const column = (path) => columnIndex && !isRootPath(path) && !hasForbidden(path) ? 'columns[' + columnIndex.get(path) + '][index]' : undefined;
	const read = (path) => column(path) ?? constant(pathGetter(path)) + '(record)';
	let body = 'const out = {};\nlet v;\n';
	for (const key of Object.keys(mapping)) {
		const field = prefix ? prefix + '.' + key : key;
		const spec = mapping[key];
		const path = typeof spec === 'string' && !spec.startsWith('$') && !spec.includes('{{') ? spec : typeof spec === 'object' && own.call(spec, 'path') ? spec.path : undefined;
		const template = typeof spec === 'string' ? templateOf(spec) : own.call(spec, 'template') && spec.escape !== 'html' ? spec.template : undefined;
		const pieces = template === undefined ? undefined : simplePieces(template);
		let value;
		if (path !== undefined) value = read(path);
		else if (pieces) {
			value = pieces.length === 0 ? '""' : pieces.map((piece) => typeof piece === 'string' ? toJson(piece)
				: 'text(' + read(piece.path) + ', ' + toJson(field) + ', ' + toJson(piece.path) + ')').join(' + ');
			if (pieces.length === 1 && typeof pieces[0] !== 'string') value = '"" + ' + value;
		} else value = constant(compileValue(spec, field, columnIndex)) + '(record, columns, index)';
		const parts = targetParts(key);
		body += 'v = ' + value + ';\nif (v !== undefined) ' + (parts.length === 1 ? 'out[' + toJson(key) + '] = v;\n' : 'setPath(out, ' + constant(parts) + ', v);\n');
	}
	body += 'return out;';
	return new Function('K', 'setPath', 'text', '"use strict";\nreturn function mapRecord(record, columns, index) {\n' + body + '\n};')(K, setPath, templateText);
}
/** The text of one {{path}} of a strict template: absent fails the record, as in Handlebars' strict mode. */
function templateText(value, field, path) {
	if (value === undefined) throw fail('TEMPLATE_FAILED', 'Template of field "' + field + '": "' + path + '" not defined');
	try { return escapeText(value); }
	catch (e) { throw fail('TEMPLATE_FAILED', 'Template of field "' + field + '": ' + e.message); }
}

/**
 * The casts of a plan, as one generated function over the mapped record: each cast field is read, sent
 * through its steps in order (UNSET stops the chain and removes the field) and written back. As in
 * compileMapping, field names enter the source only as JSON.stringify'd literals.
 */
function compileCasts(castSpecs) {
	const K = [];
	const constant = (value) => 'K[' + (K.push(value) - 1) + ']';
	let body = 'let v;\n';
	for (const c of castSpecs) {
		const parts = targetParts(c.field);
		const key = toJson(parts[0]);
		body += parts.length === 1 ? 'v = out !== null && typeof out === "object" && own.call(out, ' + key + ') ? out[' + key + '] : undefined;\n' : 'v = ' + constant(partsGetter(parts)) + '(out);\n';
		for (const s of c.steps) {
			const fn = casts[s.name];
			if (!fn) throw fail('UNKNOWN_CAST', 'Unknown cast "' + s.name + '" on field "' + c.field + '"');
			body += 'v = step(v, ' + constant({ fn, name: s.name, arg: s.arg, field: c.field }) + ');\n';
		}
		body += 'if (v === UNSET) unsetPath(out, ' + constant(parts) + ');\nelse if (v !== undefined) ' + (parts.length === 1 ? 'out[' + key + '] = v;\n' : 'setPath(out, ' + constant(parts) + ', v);\n');
	}
	return new Function('K', 'own', 'UNSET', 'step', 'setPath', 'unsetPath', '"use strict";\nreturn function castRecord(out) {\n' + body + '};')(K, own, UNSET, castStep, setPath, unsetPath);
}
function castStep(value, step) {
	if (value === UNSET) return UNSET;
	try { return step.fn(value, step.arg, step.field); }
	catch (e) { throw e.code ? e : fail('CAST_FAILED', 'Cast "' + step.name + '" on field "' + step.field + '": ' + e.message); }
}

/**
 * The input paths a plan reads, when every read is a dot path (plain paths, {{path}} templates, the list
 * of an "each", nested objects); then the host sends only those values, one column per path. Undefined
 * when the plan needs whole records (JSONPath, expressions, block templates, conditions, passThrough).
 */
function columnPaths(plan) {
	if (plan.passThrough || plan.conditions !== undefined) return undefined;
	const paths = new Set();
	const read = (path) => { if (isRootPath(path)) return false; if (!hasForbidden(path)) paths.add(path); return true; };
	const visit = (mapping) => Object.keys(mapping).every((key) => {
		const spec = mapping[key];
		const template = typeof spec === 'string' ? templateOf(spec) : own.call(spec, 'template') ? spec.template : undefined;
		if (template !== undefined) { const pieces = simplePieces(template); return pieces !== undefined && pieces.every((p) => typeof p === 'string' || read(p.path)); }
		if (typeof spec === 'string') return !spec.startsWith('$') && read(spec);
		if (own.call(spec, 'const')) return true;
		if (own.call(spec, 'path')) return read(spec.path);
		if (own.call(spec, 'each')) return read(spec.each);
		if (own.call(spec, 'object')) return visit(spec.object);
		return false;
	});
	return visit(plan.mapping) ? [...paths] : undefined;
}

/** Deep equality of JSON values, for the output schema's uniqueItems and const/enum of objects. */
function jsonEqual(a, b) {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	for (const key of keys) if (!own.call(b, key) || !jsonEqual(a[key], b[key])) return false;
	return true;
}
/** String length in code points, as JSON Schema's minLength/maxLength count it. */
function codePointLength(text) {
	let length = 0;
	for (let i = 0; i < text.length; i++, length++) {
		const c = text.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
	}
	return length;
}
const schemaRuntime = { 'ajv/dist/runtime/equal': { default: jsonEqual }, 'ajv/dist/runtime/ucs2length': { default: codePointLength } };
/**
 * The output schema's validator: module source ajv generated on the host (standalone code, which holds the
 * schema only as literals), evaluated here so its regular expressions and loops run under the time limit.
 */
function compileOutputCheck(output) {
	const module = { exports: {} };
	const load = (name) => {
		if (!own.call(schemaRuntime, name)) throw fail('INVALID_DOCUMENT', 'The output schema of "' + output.name + '" needs ' + name + ', which the sandbox does not provide');
		return schemaRuntime[name];
	};
	new Function('module', 'exports', 'require', output.source)(module, module.exports, load);
	const validate = module.exports;
	return (out) => {
		const data = parseJson(toJson(out));
		if (validate(data)) return;
		const detail = (validate.errors || []).map((e) => (e.instancePath || '/') + ' ' + (e.message || '')).join('; ');
		throw fail('OUTPUT_SCHEMA', 'Mapped record violates the output schema of "' + output.name + '": ' + detail);
	};
}

function compilePlan(plan) {
	if (plan.conditions !== undefined && !logic) throw needs('jsonLogic');
	const paths = columnPaths(plan);
	const columnIndex = paths && new Map(paths.map((path, k) => [path, k]));
	const map = compileMapping(plan.mapping, '', columnIndex);
	const castAll = compileCasts(plan.casts);
	const unsets = plan.unset.map(targetParts);
	const defaults = plan.defaults.map(({ field, value }) => ({ parts: targetParts(field), read: partsGetter(targetParts(field)), value }));
	const checkOutput = plan.output === undefined ? undefined : compileOutputCheck(plan.output);
	const mapOne = (record, columns, index) => {
		if (plan.conditions !== undefined && !logic.truthy(logic.apply(plan.conditions, record))) return SKIP;
		let out = map(record, columns, index);
		if (plan.passThrough) {
			const copy = parseJson(toJson(record));
			for (const key of Object.keys(out)) copy[key] = out[key];
			out = copy;
		}
		castAll(out);
		for (const d of defaults) {
			const v = d.read(out);
			if (v === undefined || v === null || v === '') setPath(out, d.parts, d.value);
		}
		for (const parts of unsets) unsetPath(out, parts);
		if (checkOutput) checkOutput(out);
		return out;
	};
	return { mapOne, paths };
}
const SKIP = Symbol('skip');
function failure(index, e) {
	const message = e && typeof e.message === 'string' ? e.message : String(e);
	return [index, e && typeof e.code === 'string' ? e.code : 'MAPPING_FAILED', message];
}

let compiled;
/** The batch being mapped; it outlives a call the host stopped, so resume/abandon can finish it. */
let batch;
/**
 * Starts one batch: an array of records, or { n, c, u } (n records as columns c, one per plan path; u lists
 * [column, row] pairs whose value is absent).
 */
function startBatch(input) {
	const columnar = !Array.isArray(input);
	const count = columnar ? input.n : input.length;
	const columns = columnar ? input.c : undefined;
	if (columnar) for (let j = 0; j < input.u.length; j += 2) columns[input.u[j]][input.u[j + 1]] = undefined;
	batch = { records: columnar ? undefined : input, columns, count, next: 0, values: new Array(count), failures: [], skipped: [] };
}
function mapRest() {
	const b = batch;
	for (let i = b.next; i < b.count; i++) {
		b.next = i;
		let value;
		try {
			value = compiled.mapOne(b.records === undefined ? undefined : b.records[i], b.columns, i);
		} catch (e) {
			b.failures.push(failure(i, e));
			value = null;
		}
		if (value === SKIP) { b.skipped.push(i); value = null; }
		b.values[i] = value;
	}
	b.next = b.count;
	return finishBatch();
}
/** { v, f, s }: the mapped values (null where a record failed or was skipped), failures as [row, code, message], skipped rows. */
function finishBatch() {
	const { values, failures, skipped } = batch;
	let text;
	try {
		text = toJson({ v: values, f: failures, s: skipped });
	} catch {
		// one value cannot be serialised (BigInt, cycle): find it, fail only that record
		const parts = values.map((value, i) => { try { return toJson(value === undefined ? null : value); } catch (e) { failures.push(failure(i, e)); return 'null'; } });
		text = '{"v":[' + parts.join(',') + '],"f":' + toJson(failures) + ',"s":' + toJson(skipped) + '}';
	}
	batch = undefined;
	return text;
}
function failRunning(message) {
	if (batch.next < batch.count) {
		batch.failures.push([batch.next, 'SANDBOX_TIMEOUT', message]);
		batch.values[batch.next] = null;
		batch.next++;
	}
}
return Object.freeze({
	compile(planJson) {
		adoptLibraries();
		try { compiled = compilePlan(parseJson(planJson)); }
		catch (e) { throw new Error((e.code || 'INVALID_DOCUMENT') + ': ' + e.message); }
		return toJson({ columns: compiled.paths === undefined ? null : compiled.paths });
	},
	run(batchJson) {
		batch = undefined;
		startBatch(parseJson(batchJson));
		return mapRest();
	},
	resume(message) {
		if (batch === undefined) return null;
		failRunning(message);
		return mapRest();
	},
	abandon(message, restMessage) {
		if (batch === undefined) return null;
		failRunning(message);
		for (let i = batch.next; i < batch.count; i++) { batch.failures.push([i, 'SANDBOX_TIMEOUT', restMessage]); batch.values[i] = null; }
		batch.next = batch.count;
		return finishBatch();
	},
});
})()
`;
