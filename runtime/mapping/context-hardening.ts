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
	if (source !== null && source !== undefined && (isArray(source) || !(iteratorKey in Object(source)))) check(source, 'Array.from');
	return apply(from, this, [source, ...rest]);
} }.from, writable: true, configurable: true, enumerable: false });
const split = String.prototype.split;
defineProperty(String.prototype, 'split', { value: { split(...args) {
	const text = typeof this === 'string' ? this : String(this);
	if (text.length > maxLength) refuse('String.prototype.split', text.length);
	return apply(split, text, args);
} }.split, writable: true, configurable: true, enumerable: false });
const stringify = JSON.stringify;
defineProperty(JSON, 'stringify', { value: { stringify(value, ...rest) {
	if (isArray(value)) check(value, 'JSON.stringify');
	return apply(stringify, this, [value, ...rest]);
} }.stringify, writable: true, configurable: true, enumerable: false });
delete globalThis.Proxy;
})();
`;
}
