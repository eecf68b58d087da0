import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialDescription,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { openStore } from '../../runtime/contracts/open-store';
import type { DeliveryLedger } from '../../runtime/webhooks/delivery-ledger';
import { openPostgresDeliveryLedger } from '../../runtime/webhooks/postgres-delivery-ledger';
import {
	postgresStoreConfig,
	testPostgresConnection,
	type PostgresCredentialData,
} from '../../runtime/contracts/store-config';

/** The Postgres credential of a node with `storeProperties`, asked for when the store is Postgres. */
export const storeCredential: INodeCredentialDescription = {
	name: 'syncBridgePostgres',
	required: true,
	testedBy: 'syncBridgePostgresConnectionTest',
	displayOptions: { show: { store: ['postgres'] } },
};

/** The store choice shared by every SyncBridge contract node; all nodes of a synchronization must point at the same store. */
export const storeProperties: INodeProperties[] = [
	{
		displayName: 'Contract Store',
		name: 'store',
		type: 'options',
		default: 'sqlite',
		options: [
			{
				name: 'SQLite (Embedded)',
				value: 'sqlite',
				description: 'A file in the n8n user folder; for a single n8n process',
			},
			{
				name: 'Postgres',
				value: 'postgres',
				description: 'Shared by several workers; required in n8n queue mode',
			},
		],
	},
	{
		displayName: 'SQLite File',
		name: 'sqlitePath',
		type: 'string',
		default: '',
		placeholder: '~/.n8n/syncbridge/contracts.sqlite',
		description:
			'Leave empty for the default file in the n8n user folder ($N8N_USER_FOLDER/.n8n/syncbridge/contracts.sqlite)',
		displayOptions: { show: { store: ['sqlite'] } },
	},
];

export async function openNodeStore(context: IExecuteFunctions): Promise<ContractStore> {
	const kind = context.getNodeParameter('store', 0) as string;
	if (kind === 'postgres') {
		const credentials = (await context.getCredentials('syncBridgePostgres')) as PostgresCredentialData;
		return openStore(postgresStoreConfig(credentials));
	}
	const path = (context.getNodeParameter('sqlitePath', 0, '') as string).trim();
	return openStore({ kind: 'sqlite', path: path === '' ? undefined : path });
}

/**
 * The webhook delivery ledger beside a Postgres contract store (same credential, same schema), or
 * undefined for SQLite: only queue-mode setups share a ledger with the trigger.
 */
export async function openNodeDeliveryLedger(context: IExecuteFunctions): Promise<DeliveryLedger | undefined> {
	if ((context.getNodeParameter('store', 0) as string) !== 'postgres') return undefined;
	const credentials = (await context.getCredentials('syncBridgePostgres')) as PostgresCredentialData;
	const config = postgresStoreConfig(credentials);
	if (config.kind !== 'postgres') return undefined;
	return openPostgresDeliveryLedger({ pool: config.pool, schema: config.schema });
}

/** Marks the deliveries of these items completed, when a ledger is in use. */
export async function completeDeliveries(context: IExecuteFunctions, keys: Iterable<string>): Promise<void> {
	const list = [...new Set(keys)];
	if (list.length === 0) return;
	const ledger = await openNodeDeliveryLedger(context);
	await ledger?.complete(list);
}

export async function syncBridgePostgresConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const result = await testPostgresConnection((credential.data ?? {}) as PostgresCredentialData);
	return { status: result.ok ? 'OK' : 'Error', message: result.message };
}
