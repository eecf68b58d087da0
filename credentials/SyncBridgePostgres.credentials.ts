import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The Postgres database holding SyncBridge's contract store when n8n runs in queue mode (several
 * workers share one store). Not an HTTP API, so it is tested by the SyncBridge nodes'
 * `syncBridgePostgresConnectionTest`, which connects and runs `SELECT 1`. The nodes declare it through
 * the shared `storeCredential` block (nodes/shared/contract-store-parameters.ts), which the lint rule's
 * literal scan of node descriptions cannot follow.
 */
// eslint-disable-next-line @n8n/community-nodes/credential-test-required
export class SyncBridgePostgres implements ICredentialType {
	name = 'syncBridgePostgres';

	displayName = 'SyncBridge Postgres';

	icon: Icon = {
		light: 'file:SyncBridgePostgres.svg',
		dark: 'file:SyncBridgePostgres.dark.svg',
	};

	documentationUrl = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/contracts.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'n8n',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'postgres',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			default: 'disable',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require (No Certificate Check)', value: 'require' },
				{ name: 'Verify Certificate', value: 'verify' },
			],
		},
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'string',
			default: 'public',
			description: 'Schema for the SyncBridge tables; created when missing',
		},
	];
}
