import { createHash } from 'node:crypto';

/** SyncBridge's namespace for name-based record GUIDs (RFC 4122 §4.3); fixed forever, or reruns would miss their records. */
const RECORD_NAMESPACE = Buffer.from('5b1d4e0c7a2f4c8e9d3b6f1a2c4e8d07', 'hex');

/**
 * The GUID a create asks Dataverse to give the record: a version 5 UUID of `objectKey`, so the create
 * resent after a crash addresses the record the first attempt made.
 */
export function recordGuidFrom(objectKey: string): string {
	const bytes = createHash('sha1').update(RECORD_NAMESPACE).update(objectKey, 'utf8').digest().subarray(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | 0x50;
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The event id a create asks Google Calendar to use: a SHA-256 hex digest of `objectKey`, which
 * is within Google's rule for client ids (base32hex characters `a-v0-9`, 5 to 1024 of them).
 */
export function eventIdFrom(objectKey: string): string {
	return createHash('sha256').update(objectKey, 'utf8').digest('hex');
}
