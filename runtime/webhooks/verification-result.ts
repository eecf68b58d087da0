/** Why a delivery was refused. Stable codes: the trigger node maps them to HTTP status codes. */
export type RejectionCode =
	| 'missing_secret'
	| 'invalid_secret'
	| 'missing_header'
	| 'malformed_header'
	| 'timestamp_out_of_tolerance'
	| 'signature_mismatch'
	| 'body_too_large'
	| 'body_too_deep';

export interface Rejection {
	code: RejectionCode;
	message: string;
}

export interface Verified {
	ok: true;
	/** The sender's id for this event, used to drop replays; absent when the scheme or configuration gives none. */
	eventId?: string;
	/** The signed timestamp in Unix seconds, for schemes that sign one. */
	timestamp?: number;
}

export interface Refused {
	ok: false;
	reason: Rejection;
}

export type VerificationResult = Verified | Refused;

export function refuse(code: RejectionCode, message: string): Refused {
	return { ok: false, reason: { code, message } };
}
