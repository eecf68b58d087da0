import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dynamics365Connector, salesforceConnector } from '../../runtime/connectors';
import { connectorTargetRequests } from '../../runtime/connectors/connector-target';
import type { ConnectorDescriptor } from '../../runtime/connectors/connector-descriptor';
import { checkBatch } from '../../runtime/contracts/contract-check';
import { SqliteContractStore } from '../../runtime/contracts/sqlite-contract-store';
import { writeBatch } from '../../runtime/contracts/write-batch';
import { createFetchTransport } from '../../runtime/http/fetch-transport';
import { createResilientClient } from '../../runtime/http/resilient-client';
import { FakeDynamics365 } from '../../test/fakes/systems/fake-dynamics365';
import type { FakeSystem } from '../../test/fakes/systems/fake-server';
import { FakeSalesforce } from '../../test/fakes/systems/fake-salesforce';
import { authorizationCodeToken, clientCredentialsToken } from '../../test/unit/connectors/oauth-grants';

/** A first sync of many records to one system's fake through its connector, counting the API calls it cost. */
export interface BulkFirstSync {
	system: string;
	records: number;
	/** Every call the fake received during the sync (bulk calls, job steps, single requests). */
	calls: number;
	/** Records the fake holds afterwards. */
	stored: number;
	failed: number;
	/** The most calls per record the issue allows: 1 / this. */
	recordsPerCallTarget: number;
}

interface SystemUnderSync {
	fake: FakeSystem;
	descriptor: ConnectorDescriptor;
	resource: string;
	credentials: Record<string, unknown>;
	upsertBy?: string;
	body(index: number): Record<string, unknown>;
	stored(): number;
	recordsPerCallTarget: number;
}

async function dataverse(): Promise<SystemUnderSync> {
	const fake = await new FakeDynamics365().start();
	const token = await clientCredentialsToken(fake, fake.clientSecret);
	return {
		fake,
		descriptor: dynamics365Connector,
		resource: 'contacts',
		credentials: { environmentUrl: fake.url, accessToken: token.body.access_token },
		body: (index) => ({
			firstname: `First ${index}`,
			lastname: `Member ${index}`,
			emailaddress1: `m${index}@example.org`,
		}),
		stored: () => fake.records('contacts').length,
		recordsPerCallTarget: 50,
	};
}

/** Upserts by the org's external id field: the only creates Salesforce takes in bulk (crash-safe). */
async function salesforce(): Promise<SystemUnderSync> {
	const fake = await new FakeSalesforce().start();
	const granted = (await authorizationCodeToken(fake)).body as { access_token: string; instance_url: string };
	return {
		fake,
		descriptor: salesforceConnector,
		resource: 'contacts',
		credentials: { instanceUrl: granted.instance_url, accessToken: granted.access_token },
		upsertBy: 'ExternalId__c',
		body: (index) => ({
			ExternalId__c: `member-${index}`,
			FirstName: `First ${index}`,
			LastName: `Member ${index}`,
			Email: `m${index}@example.org`,
		}),
		stored: () => fake.contacts.length,
		recordsPerCallTarget: 150,
	};
}

/** Salesforce with Bulk API 2.0 jobs off: sObject Collections alone, 200 records a call. */
async function salesforceCollectionsOnly(): Promise<SystemUnderSync> {
	const subject = await salesforce();
	const contacts = salesforceConnector.resources.contacts;
	const bulkWrite = { ...contacts.bulkWrite } as Extract<
		NonNullable<typeof contacts.bulkWrite>,
		{ format: 'salesforceCollections' }
	>;
	delete bulkWrite.jobFrom;
	return {
		...subject,
		descriptor: { ...salesforceConnector, resources: { contacts: { ...contacts, bulkWrite } } },
	};
}

/** The systems with a bulk API, as the bench syncs them. */
export const bulkSystems: Record<string, () => Promise<SystemUnderSync>> = {
	salesforce,
	'salesforce, collections only': salesforceCollectionsOnly,
	dataverse,
};

/** Checks and writes `records` new records in the write path's chunks; counts the fake's calls. */
export async function bulkFirstSync(system: string, records: number): Promise<BulkFirstSync> {
	const subject = await bulkSystems[system]();
	const dir = mkdtempSync(join(tmpdir(), 'syncbridge-bulk-'));
	const store = new SqliteContractStore({ path: join(dir, 'contracts.sqlite') });
	try {
		await store.init();
		const versions = { synchronizationId: `bulk-${system}`, configVersion: '1', mappingVersion: '1' };
		const bodies = Array.from({ length: records }, (_, index) => subject.body(index));
		const checked = await checkBatch(
			store,
			versions,
			bodies.map((record, index) => ({ inboundId: `k${index}`, record })),
		);
		const before = subject.fake.requests.length;
		const outcomes = await writeBatch(
			{
				...versions,
				store,
				client: createResilientClient({ transport: createFetchTransport() }),
				target: connectorTargetRequests({
					descriptor: subject.descriptor,
					resource: subject.resource,
					credentials: subject.credentials,
					upsertBy: subject.upsertBy,
				}),
			},
			checked.objects.map((object) => ({
				inboundId: object.inboundId,
				hash: object.hash,
				body: bodies[object.index],
				route: object.classification.route,
			})),
			{ concurrency: 4 },
		);
		return {
			system,
			records,
			calls: subject.fake.requests.length - before,
			stored: subject.stored(),
			failed: outcomes.filter((outcome) => outcome.status === 'failed').length,
			recordsPerCallTarget: subject.recordsPerCallTarget,
		};
	} finally {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
		await subject.fake.stop();
	}
}
