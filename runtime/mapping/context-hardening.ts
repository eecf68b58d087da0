/**
 * Source of the first script run in every document's context, before the libraries and user code.
 *
 * The isolate's time and memory limits act only when V8 checks for interrupts or collects garbage, and
 * neither happens inside one built-in that loops over a length in C++: `new Array(2**27).fill(1.5)` ran
 * for 14 s and took the host to 2.3 GB before isolated-vm could stop it. So every built-in that walks an
 * array or array-like by its length refuses a length above `maxLength` (derived from the memory limit),
 * reading the length the way the built-in will: a data property or a typed array's own length, never a
 * getter or an object whose valueOf could answer differently the second time. `Proxy`, which could lie the
 * same way, is removed.
 */
export function contextHardeningSource(maxLength: number): string {
	return String.raw`
(function () {
'use strict';
const apply = Reflect.apply;
const describe = Object.getOwnPropertyDescriptor;
const protoOf = Object.getPrototypeOf;
const defineProperty = Object.defineProperty;
const isArray = Array.isArray;
const iteratorKey = Symbol.iterator;
const typedArrayLength = describe(protoOf(Uint8Array.prototype), 'length').get;
const maxLength = ${maxLength};

function refuse(name, length) {
	throw new RangeError(name + ' on ' + length + ' elements is refused in the sandbox (limit ' + maxLength + ')');
}
/** The length a built-in will read from receiver, or an error when it could change between reads. */
function lengthOf(receiver, name) {
	if (isArray(receiver)) return receiver.length;
	if (receiver === null || receiver === undefined) return 0;
	for (let o = Object(receiver); o !== null; o = protoOf(o)) {
		const d = describe(o, 'length');
		if (d === undefined) continue;
		if (d.get === typedArrayLength) return apply(typedArrayLength, receiver, []);
		if (!('value' in d) || (d.value !== null && (typeof d.value === 'object' || typeof d.value === 'function'))) {
			throw new TypeError(name + ' on an array-like whose length is computed is refused in the sandbox');
		}
		return Number(d.value);
	}
	return 0;
}
function check(receiver, name) {
	const length = lengthOf(receiver, name);
	if (length > maxLength) refuse(name, length);
}
function guard(holder, name, checkArguments) {
	const original = holder[name];
	if (typeof original !== 'function') return;
	const wrapper = { [name](...args) {
		check(this, name);
		if (checkArguments) for (const arg of args) if (arg !== null && typeof arg === 'object' && !(iteratorKey in arg && !isArray(arg))) check(arg, name);
		return apply(original, this, args);
	} }[name];
	defineProperty(wrapper, 'length', { value: original.length });
	defineProperty(holder, name, { value: wrapper, writable: true, configurable: true, enumerable: false });
}
for (const name of ['at', 'copyWithin', 'every', 'fill', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flat', 'flatMap',
	'forEach', 'includes', 'indexOf', 'join', 'lastIndexOf', 'map', 'pop', 'push', 'reduce', 'reduceRight', 'reverse', 'shift', 'slice',
	'some', 'sort', 'splice', 'toLocaleString', 'toReversed', 'toSorted', 'toSpliced', 'toString', 'unshift', 'with', 'keys', 'values', 'entries']) {
	guard(Array.prototype, name, false);
}
guard(Array.prototype, 'concat', true);
const from = Array.from;
defineProperty(Array, 'from', { value: { from(source, ...rest) {
	if (textOf(source) !== undefined || (source !== null && source !== undefined && (isArray(source) || !(iteratorKey in Object(source))))) check(source, 'Array.from');
	return apply(from, this, [source, ...rest]);
} }.from, writable: true, configurable: true, enumerable: false });
const stringValue = String.prototype.valueOf;
/** The text of a string or String object (read without running user code), else undefined. */
function textOf(value) {
	if (typeof value === 'string') return value;
	// a String object has an own length; asking only those keeps Object.keys(record) free of a thrown error
	if (value === null || typeof value !== 'object' || describe(value, 'length') === undefined) return undefined;
	try { return apply(stringValue, value, []); } catch { return undefined; }
}
/** Replaces holder[name] by a function that refuses a string longer than maxLength as receiver (from < 0) or argument from index from on. */
function guardText(holder, name, label, from) {
	const original = holder[name];
	const wrapper = { [label](...args) {
		for (let i = from < 0 ? -1 : from; i < (from < 0 ? 0 : args.length); i++) {
			const text = textOf(i < 0 ? this : args[i]);
			if (text !== undefined && text.length > maxLength) refuse(label, text.length);
		}
		return apply(original, this, args);
	} }[label];
	defineProperty(wrapper, 'length', { value: original.length });
	defineProperty(holder, name, { value: wrapper, writable: true, configurable: true, enumerable: false });
}
// every string -> array built-in V8 runs in one go (beyond V8's array size limit they abort the whole process)
guardText(String.prototype, 'split', 'String.prototype.split', -1);
guardText(String.prototype, 'match', 'String.prototype.match', -1);
guardText(RegExp.prototype, Symbol.split, 'RegExp.prototype[Symbol.split]', 0);
guardText(RegExp.prototype, Symbol.match, 'RegExp.prototype[Symbol.match]', 0);
for (const name of ['keys', 'values', 'entries', 'getOwnPropertyNames', 'assign']) guardText(Object, name, 'Object.' + name, name === 'assign' ? 1 : 0);
guardText(Reflect, 'ownKeys', 'Reflect.ownKeys', 0);
const stringify = JSON.stringify;
defineProperty(JSON, 'stringify', { value: { stringify(value, ...rest) {
	if (isArray(value)) check(value, 'JSON.stringify');
	return apply(stringify, this, [value, ...rest]);
} }.stringify, writable: true, configurable: true, enumerable: false });
delete globalThis.Proxy;
})();
`;
}
