import { breakerTarget, type BreakerTarget } from '../http/breaker-registry';
import type { ConnectorDescriptor } from './connector-descriptor';
import { fillCredentialPlaceholders } from './url-template';

/**
 * The circuit breaker target of a connector reached with one credential: the origin of its base URL
 * resolved with the credential's fields (`{{instanceUrl}}`), and that credential.
 */
export function connectorBreakerTarget(
	descriptor: ConnectorDescriptor,
	credentials: Record<string, unknown>,
	credential?: string,
): BreakerTarget {
	return breakerTarget(fillCredentialPlaceholders(descriptor.baseUrl, credentials), credential);
}
