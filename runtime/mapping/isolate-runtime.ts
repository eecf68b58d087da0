/**
 * Source of the code installed once in the mapping isolate, after Handlebars, jsonpath-plus and
 * json-logic-js. It captures those libraries, removes them from the global scope, freezes itself and
 * exposes `__syncBridge.register(id, plan)` and `__syncBridge.run(id, batchJson)`; both exchange only strings.
 */
export const isolateRuntimeSource = String.raw`
(function () {
'use strict';
const Hb = Handlebars.create();
const needsJsonEscape = /["\\\u0000-\u001f\u2028\u2029]/;
Hb.Utils.escapeExpression = function (value) {
	if (value === null || value === undefined) return '';
	if (value && typeof value.toHTML === 'function') return value.toHTML();
	const text = String(value);
	return needsJsonEscape.test(text) ? JSON.stringify(text).slice(1, -1) : text;
};
const jsonPath = JSONPath.JSONPath;
const logic = jsonLogic;
delete globalThis.Handlebars;
delete globalThis.JSONPath;
delete globalThis.jsonLogic;
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
function pathGetter(path) {
	if (path === '' || path === '_root') return (record) => record;
	const parts = path.split('.');
	if (parts.some((part) => forbidden.has(part))) return () => undefined;
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
function toBool(v) {
	if (typeof v === 'string') return ['true', '1', 'yes', 'on', 'y'].includes(v.trim().toLowerCase());
	return Boolean(v);
}
function matchesValue(v, arg) {
	if (v === null || v === undefined) return arg === '' || arg === 'null';
	return (typeof v === 'object' ? JSON.stringify(v) : String(v)) === arg;
}
const casts = {
	string: (v) => v === null || v === undefined ? v : typeof v === 'object' ? JSON.stringify(v) : String(v),
	bool: (v) => toBool(v),
	'?bool': (v) => v === null || v === undefined || v === '' ? null : toBool(v),
	int: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const n = typeof v === 'number' ? Math.trunc(v) : Number.parseInt(String(v).trim(), 10);
		if (Number.isNaN(n)) throw fail('CAST_FAILED', 'Cast "int" on field "' + field + '": ' + JSON.stringify(v) + ' is not an integer');
		return n;
	},
	float: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const n = typeof v === 'number' ? v : Number(String(v).trim());
		if (!Number.isFinite(n)) throw fail('CAST_FAILED', 'Cast "float" on field "' + field + '": ' + JSON.stringify(v) + ' is not a number');
		return n;
	},
	array: (v) => v === null || v === undefined ? [] : Array.isArray(v) ? v : [v],
	date: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const date = typeof v === 'number' ? new Date(v < 1e11 ? v * 1000 : v) : new Date(String(v));
		if (Number.isNaN(date.getTime())) throw fail('CAST_FAILED', 'Cast "date" on field "' + field + '": ' + JSON.stringify(v) + ' is not a date');
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
	base64: (v) => v === null || v === undefined ? v : toBase64(typeof v === 'object' ? JSON.stringify(v) : String(v)),
	base64Decode: (v, arg, field) => {
		if (v === null || v === undefined) return v;
		try { return fromBase64(v); } catch { throw fail('CAST_FAILED', 'Cast "base64Decode" on field "' + field + '": not valid base64'); }
	},
	json: (v) => v === undefined ? v : JSON.stringify(v),
	jsonToArray: (v, arg, field) => {
		if (typeof v !== 'string') return v;
		try { return JSON.parse(v); } catch (e) { throw fail('CAST_FAILED', 'Cast "jsonToArray" on field "' + field + '": ' + e.message); }
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
		if (!m || (m[2] === '' && m[3] === undefined)) throw fail('CAST_FAILED', 'Cast "moneyStringToInt" on field "' + field + '": ' + JSON.stringify(v) + ' is not an amount');
		const units = Number.parseInt(m[2].replace(/[.,]/g, '') || '0', 10);
		const cents = m[3] === undefined ? 0 : Number.parseInt(m[3].padEnd(2, '0'), 10);
		return (m[1] ? -1 : 1) * (units * 100 + cents);
	},
	intToMoneyString: (v, arg, field) => {
		if (v === null || v === undefined || v === '') return null;
		const n = typeof v === 'number' ? v : Number(v);
		if (!Number.isInteger(n)) throw fail('CAST_FAILED', 'Cast "intToMoneyString" on field "' + field + '": ' + JSON.stringify(v) + ' is not an integer amount');
		const abs = Math.abs(n);
		return (n < 0 ? '-' : '') + Math.floor(abs / 100) + '.' + pad(abs % 100, 2);
	},
};
const helpers = Object.freeze({ getPath, formatDate, toBase64, fromBase64 });

function compileValue(spec, field) {
	if (typeof spec === 'string') {
		if (spec.startsWith('$')) return compileJsonPath(spec, field);
		if (spec.includes('{{')) return compileTemplate(spec, field);
		return pathGetter(spec);
	}
	if (own.call(spec, 'const')) { const text = JSON.stringify(spec.const); return () => JSON.parse(text); }
	if (own.call(spec, 'path')) return pathGetter(spec.path);
	if (own.call(spec, 'jsonPath')) return compileJsonPath(spec.jsonPath, field);
	if (own.call(spec, 'template')) return compileTemplate(spec.template, field, spec.escape === 'html');
	if (own.call(spec, 'expression')) {
		let fn;
		try { fn = new Function('record', 'helpers', '"use strict"; return (' + spec.expression + '\n);'); }
		catch (e) { throw fail('INVALID_EXPRESSION', 'Expression of field "' + field + '": ' + e.message); }
		return (record) => fn(record, helpers);
	}
	if (own.call(spec, 'each')) {
		const element = compileMapping(spec.mapping, field + '[]');
		const source = pathGetter(spec.each);
		return (record) => {
			const list = source(record);
			if (list === null || list === undefined) return [];
			return (Array.isArray(list) ? list : [list]).map((item) => element(item));
		};
	}
	if (own.call(spec, 'object')) return compileMapping(spec.object, field);
	throw fail('INVALID_DOCUMENT', 'Field "' + field + '" has no recognised value kind');
}
function compileJsonPath(path, field) {
	return (record) => {
		try {
			return jsonPath({ path, json: record, wrap: false, eval: false });
		} catch (e) { throw fail('JSONPATH_FAILED', 'JSONPath "' + path + '" of field "' + field + '": ' + e.message); }
	};
}
const simpleToken = /^\{\{\s*([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)\s*\}\}$/;
/** Templates made only of text and {{dot.path}} run without Handlebars, with its strict, JSON-safe semantics. */
function simpleTemplate(source, field) {
	if (source.includes('\\') || source.includes('{{{')) return undefined;
	const pieces = source.split(/(\{\{[\s\S]*?\}\})/);
	const steps = [];
	for (let i = 0; i < pieces.length; i++) {
		if (i % 2 === 0) { if (pieces[i].includes('{{') || pieces[i].includes('}}')) return undefined; if (pieces[i]) steps.push(pieces[i]); continue; }
		const match = simpleToken.exec(pieces[i]);
		if (!match || match[1] === 'else' || match[1] === 'this') return undefined;
		const parts = match[1].split('.');
		steps.push({ parts, name: match[1] });
	}
	return (record) => {
		let out = '';
		for (const step of steps) {
			if (typeof step === 'string') { out += step; continue; }
			let current = record;
			for (const part of step.parts) {
				if (current === null || typeof current !== 'object' || forbidden.has(part) || !own.call(current, part)) {
					throw fail('TEMPLATE_FAILED', 'Template of field "' + field + '": "' + part + '" not defined in ' + step.name);
				}
				current = current[part];
			}
			out += Hb.Utils.escapeExpression(current);
		}
		return out;
	};
}
function compileTemplate(source, field, htmlEscape) {
	const simple = simpleTemplate(source, field);
	if (simple) return htmlEscape ? (record) => casts.html(simple(record)) : simple;
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
function compileMapping(mapping, prefix) {
	const entries = Object.keys(mapping).map((key) => {
		const field = prefix ? prefix + '.' + key : key;
		const parts = key.split('.');
		return { key, single: parts.length === 1, parts, value: compileValue(mapping[key], field) };
	});
	return (record) => {
		const out = {};
		for (let i = 0; i < entries.length; i++) {
			const entry = entries[i];
			const value = entry.value(record);
			if (value === undefined) continue;
			if (entry.single) out[entry.key] = value;
			else setPath(out, entry.parts, value);
		}
		return out;
	};
}
function compilePlan(plan) {
	const map = compileMapping(plan.mapping, '');
	const castList = plan.casts.map((c) => ({ field: c.field, get: pathGetter(c.field), parts: c.field.split('.'), steps: c.steps.map((s) => ({ fn: casts[s.name], name: s.name, arg: s.arg })) }));
	for (const c of castList) for (const s of c.steps) if (!s.fn) throw fail('UNKNOWN_CAST', 'Unknown cast "' + s.name + '" on field "' + c.field + '"');
	const unsets = plan.unset.map((f) => f.split('.'));
	return (record) => {
		if (plan.conditions !== undefined && !logic.truthy(logic.apply(plan.conditions, record))) return { skip: 1 };
		const out = plan.passThrough ? JSON.parse(JSON.stringify(record)) : {};
		const mapped = map(record);
		for (const key of Object.keys(mapped)) out[key] = mapped[key];
		for (const c of castList) {
			let value = c.get(out);
			for (const step of c.steps) {
				if (value === UNSET) break;
				try { value = step.fn(value, step.arg, c.field); }
				catch (e) { throw e.code ? e : fail('CAST_FAILED', 'Cast "' + step.name + '" on field "' + c.field + '": ' + e.message); }
			}
			if (value === UNSET) unsetPath(out, c.parts);
			else if (value !== undefined) setPath(out, c.parts, value);
		}
		for (const parts of unsets) unsetPath(out, parts);
		return { ok: 1, v: out };
	};
}
function failure(e) {
	const message = e && typeof e.message === 'string' ? e.message : String(e);
	return { e: { code: e && typeof e.code === 'string' ? e.code : 'MAPPING_FAILED', message } };
}
const compiled = new Map();
const api = Object.freeze({
	register(id, planJson) {
		try { compiled.set(id, compilePlan(JSON.parse(planJson))); }
		catch (e) { throw new Error((e.code || 'INVALID_DOCUMENT') + ': ' + e.message); }
		return 'ok';
	},
	run(id, batchJson) {
		const mapOne = compiled.get(id);
		if (!mapOne) throw new Error('mapping ' + id + ' is not registered');
		const batch = JSON.parse(batchJson);
		const results = new Array(batch.length);
		for (let i = 0; i < batch.length; i++) {
			try {
				results[i] = mapOne(batch[i]);
			} catch (e) {
				results[i] = failure(e);
			}
		}
		try {
			return JSON.stringify(results);
		} catch {
			// one value cannot be serialised (BigInt, cycle): find it, fail only that record
			return '[' + results.map((result) => { try { return JSON.stringify(result); } catch (e) { return JSON.stringify(failure(e)); } }).join(',') + ']';
		}
	},
});
Object.defineProperty(globalThis, '__syncBridge', { value: api, writable: false, configurable: false, enumerable: false });
})();
`;
