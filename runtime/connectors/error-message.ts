import type { ConnectorDescriptor } from './connector-descriptor';
import { readPath } from '../dot-path';

/**
 * The human-readable message of an error response, read from the connector's
 * `errorMessagePosition` (Stripe `error.message`, Salesforce `0.message`, GraphQL
 * `errors.0.message`), falling back to the status line when the body has none.
 */
export function readErrorMessage(
	descriptor: Pick<ConnectorDescriptor, 'errorMessagePosition' | 'displayName'>,
	status: number,
	body: unknown,
): string {
	const found =
		descriptor.errorMessagePosition === undefined ? undefined : readPath(body, descriptor.errorMessagePosition);
	const message =
		typeof found === 'string' && found !== ''
			? found
			: typeof body === 'string' && body.trim() !== '' && body.length < 500
				? body.trim()
				: undefined;
	return `${descriptor.displayName} answered HTTP ${status}${message === undefined ? '' : `: ${message}`}`;
}
