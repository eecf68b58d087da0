import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string | Buffer): Buffer {
	return createHash('sha256').update(value).digest();
}

/**
 * Compares two secrets or signatures in constant time. Both sides are hashed first, so the
 * buffers handed to timingSafeEqual always have the same length and a length mismatch neither
 * throws nor returns early.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
	return timingSafeEqual(digest(a), digest(b));
}

/** True when any candidate equals any expected value; every pair is compared. */
export function anyConstantTimeEqual(candidates: readonly string[], expected: readonly string[]): boolean {
	let matched = false;
	for (const candidate of candidates) {
		for (const value of expected) {
			if (constantTimeEqual(candidate, value)) matched = true;
		}
	}
	return matched;
}
