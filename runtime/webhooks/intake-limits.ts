import { refuse, type Refused } from './verification-result';

/** Bounds on what a delivery may carry, checked before anything is recorded or handed to a workflow. */
export interface IntakeLimits {
	/** Largest raw body accepted, in bytes; larger is answered 413. */
	maxBodyBytes: number;
	/** Deepest nesting of arrays and objects in a JSON body; deeper is answered 400. */
	maxJsonDepth: number;
}

/**
 * 1 MiB holds any Stripe or Standard Webhooks event with room to spare (GitHub push payloads can be
 * larger: raise it for those); 32 levels is several times the depth of any of their events.
 */
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = { maxBodyBytes: 1024 * 1024, maxJsonDepth: 32 };

const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Whether a body that looks like JSON (its first non-blank byte is `{` or `[`) nests arrays and
 * objects deeper than `maxDepth`. One pass over the bytes, no parsing and no recursion, so a hostile
 * body costs linear time whatever it holds; brackets inside strings do not count.
 */
export function nestsDeeperThan(body: Buffer, maxDepth: number): boolean {
	let start = 0;
	while (start < body.length && WHITESPACE.has(body[start])) start++;
	if (start === body.length || !OPENERS.has(body[start])) return false;
	let depth = 0;
	let inString = false;
	for (let index = start; index < body.length; index++) {
		const byte = body[index];
		if (inString) {
			if (byte === BACKSLASH) index++;
			else if (byte === QUOTE) inString = false;
		} else if (byte === QUOTE) inString = true;
		else if (OPENERS.has(byte)) {
			depth++;
			if (depth > maxDepth) return true;
		} else if (CLOSERS.has(byte)) depth--;
	}
	return false;
}

/** The size refusal: checked before the signature, so an oversized body costs no HMAC. */
export function bodySizeRefusal(body: Buffer, limits: IntakeLimits): Refused | undefined {
	if (body.length <= limits.maxBodyBytes) return undefined;
	return refuse('body_too_large', `The body has ${body.length} bytes; at most ${limits.maxBodyBytes} are accepted.`);
}

/** The nesting refusal, for a body whose signature holds. */
export function bodyDepthRefusal(body: Buffer, limits: IntakeLimits): Refused | undefined {
	if (!nestsDeeperThan(body, limits.maxJsonDepth)) return undefined;
	return refuse('body_too_deep', `The JSON body nests arrays and objects deeper than ${limits.maxJsonDepth} levels.`);
}
