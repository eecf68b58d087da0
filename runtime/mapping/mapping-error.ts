import { SyncBridgeError, type MappingErrorCode } from '../errors';

/** A typed mapping failure; `code` is stable, `message` names the field, cast or path involved. */
export class MappingError extends SyncBridgeError {
	readonly code: MappingErrorCode;

	constructor(code: MappingErrorCode, message: string) {
		super(message);
		this.name = 'MappingError';
		this.code = code;
	}
}

export interface MappingErrorValue {
	code: string;
	message: string;
}
