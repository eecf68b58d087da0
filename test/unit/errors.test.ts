import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorDescriptorError } from '../../runtime/connectors/descriptor-validation';
import { WebhookRegistrationError } from '../../runtime/connectors/webhook-endpoints';
import { InvalidStoreNameError } from '../../runtime/contracts/contract-schema';
import { StaleContractError } from '../../runtime/contracts/contract-store';
import { UnresolvedLinkError } from '../../runtime/contracts/linked-objects';
import { InvalidOriginVersionError } from '../../runtime/contracts/origin-version';
import { PostgresContractStore } from '../../runtime/contracts/postgres-contract-store';
import { SqliteContractStore } from '../../runtime/contracts/sqlite-contract-store';
import { MissingIdError, UnsupportedWriteError } from '../../runtime/contracts/target-requests';
import { SyncBridgeError } from '../../runtime/errors';
import { CircuitOpenError, NetworkError, PermanentHttpError, RetryExhaustedError } from '../../runtime/http/errors';

describe('typed errors', () => {
	it('share one base class and keep their codes', () => {
		const errors = [
			new NetworkError('GET', 'http://x', new Error('reset')),
			new PermanentHttpError('POST', 'http://x', 422, { error: 'bad' }),
			new RetryExhaustedError('POST', 'http://x', 5, 503, undefined),
			new CircuitOpenError('http://x', 0),
			new StaleContractError('s', 'o', 1),
			new MissingIdError('no id'),
			new UnsupportedWriteError('no update'),
			new UnresolvedLinkError([{ name: 'member', synchronizationId: 'members', id: 'm1', linkedId: null }]),
			new InvalidOriginVersionError('updatedAt', 'soon'),
			new InvalidStoreNameError('schema name', 'bad-name'),
			new ConnectorDescriptorError(['no id']),
			new WebhookRegistrationError('NO_EVENTS', 'no events'),
		];
		assert.ok(errors.every((error) => error instanceof SyncBridgeError));
		assert.deepEqual(
			errors.map((error) => error.code),
			[
				'NETWORK_ERROR',
				'PERMANENT_HTTP_ERROR',
				'RETRY_EXHAUSTED',
				'CIRCUIT_OPEN',
				'STALE_CONTRACT',
				'MISSING_TARGET_ID',
				'UNSUPPORTED_WRITE',
				'LINK_UNRESOLVED',
				'INVALID_ORIGIN_VERSION',
				'INVALID_STORE_NAME',
				'INVALID_DESCRIPTOR',
				'NO_EVENTS',
			],
		);
	});

	it('refuses store names that cannot be spliced into SQL, before connecting', () => {
		assert.throws(
			() => new SqliteContractStore({ path: ':memory:', tablePrefix: 'x; DROP TABLE y' }),
			InvalidStoreNameError,
		);
		assert.throws(
			() => new PostgresContractStore({ pool: {}, schema: 'public"; --' }),
			(error: unknown) => {
				assert.ok(error instanceof InvalidStoreNameError);
				assert.match(error.message, /schema name/);
				return true;
			},
		);
	});
});
