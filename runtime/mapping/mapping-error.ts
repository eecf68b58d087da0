/** A typed mapping failure; `code` is stable, `message` names the field, cast or path involved. */
export class MappingError extends Error {
	readonly code: string;

	constructor(code: string, message: string) {
		super(message);
		this.name = 'MappingError';
		this.code = code;
	}
}

export interface MappingErrorValue {
	code: string;
	message: string;
}
