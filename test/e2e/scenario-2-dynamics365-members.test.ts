import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import type { ContractStore } from '../../runtime/contracts/contract-store';
import { SqliteContractStore } from '../../runtime/contracts/sqlite-contract-store';
import { defaultSqlitePath } from '../../runtime/contracts/store-location';
import { waitForWebhookRegistration } from '../../scripts/n8n/webhook-registration';
import { FakeApp, type AppRecord } from '../fakes/app/fake-app';
import type { RecordedRequest } from '../fakes/systems/fake-server';
import { FakeDynamics365 } from '../fakes/systems/fake-dynamics365';
import { loadScenarioWorkflow } from '../support/scenario-workflow';
import { eventually } from '../support/eventually';

const signingSecret = 'whsec_c2NlbmFyaW8tMi1tZW1iZXJzLXNpZ25pbmc=';
const webhookPath = 'syncbridge-app-members';
const api = '/api/data/v9.2';
/** Contacts already in Dynamics before SyncBridge is switched on: more than one 500-record page. */
const existingContacts = 520;

/** n8n polls at most once a minute: a wait covers two and a half polls. */
const pollTimeoutMs = 150_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const writes = (requests: RecordedRequest[]) =>
	requests
		.filter((request) => request.method !== 'GET')
		.map((request) => `${request.method} ${new URL(request.url, 'http://x').pathname}`);

describe('scenario 2: Dynamics 365 <-> app members and memberships, both ways, without ping-pong', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let dynamics: FakeDynamics365;
	/** SyncBridge's writes to each side (people's own edits are not API calls). */
	const appWrites = () => writes(app.requests);
	const dynamicsWrites = () => writes(dynamics.requestsTo(api));
	const polls = (entitySet: string) => dynamics.requestsTo(`${api}/${entitySet}`, 'GET');

	/** Resolves after the next poll of both entity sets has run, and its writes (if any) have had time to land. */
	async function nextPolls(): Promise<void> {
		const seen = { contacts: polls('contacts').length, memberships: polls('new_memberships').length };
		await eventually(
			() =>
				polls('contacts').length > seen.contacts && polls('new_memberships').length > seen.memberships
					? true
					: undefined,
			'the next polls of Dynamics',
			pollTimeoutMs,
			200,
		);
		await pause(8_000);
	}

	before(async () => {
		app = await new FakeApp({ resources: ['members', 'memberships'], signingSecret }).start();
		dynamics = await new FakeDynamics365().start();
		dynamics.seed(
			'contacts',
			Array.from({ length: existingContacts }, (_, index) => ({
				firstname: 'Existing',
				lastname: `Contact ${index + 1}`,
				emailaddress1: `contact${index + 1}@crm.example`,
				jobtitle: 'Volunteer',
			})),
		);
		n8n = await N8nInstance.create();
		await n8n.importCredentials([
			{
				id: 'sbAppWebhookSecret',
				name: 'App webhook signing secret',
				type: 'syncBridgeWebhookSecretApi',
				data: { scheme: 'standardWebhooks', secrets: signingSecret },
			},
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: { baseUrl: `${app.url}/api`, headerName: 'X-App-Key', apiKey: app.apiKey, testPath: '/members?limit=1' },
			},
			{
				id: 'sbDynamics365',
				name: 'Dynamics 365 application user',
				type: 'syncBridgeDynamics365OAuth2Api',
				// No token: n8n requests one with the client credentials grant on first use.
				data: {
					environmentUrl: dynamics.url,
					tenantId: dynamics.tenantId,
					loginUrl: dynamics.url,
					clientId: dynamics.clientId,
					clientSecret: dynamics.clientSecret,
				},
			},
		]);
		const hosts = { 'http://app.syncbridge.invalid': app.url };
		for (const file of ['scenario-2-app-members-to-dynamics365.json', 'scenario-2-dynamics365-members-to-app.json']) {
			const id = await n8n.importWorkflow(await loadScenarioWorkflow(file, hosts));
			await n8n.publish(id);
		}
		await n8n.start();
		await waitForWebhookRegistration(n8n.baseUrl, webhookPath);
		app.subscribe('members', `${n8n.baseUrl}/webhook/${webhookPath}`);
		app.subscribe('memberships', `${n8n.baseUrl}/webhook/${webhookPath}`);
		// Activating the polling workflow polls once: it reads where Dynamics is and emits nothing.
		await eventually(
			() => (polls('contacts').length >= 2 && polls('new_memberships').length >= 1 ? true : undefined),
			'the first polls',
			pollTimeoutMs,
			200,
		);
	});

	/** The contract store the workflows share, read beside the running n8n (SQLite in its user folder). */
	async function contracts<T>(read: (store: ContractStore) => Promise<T>): Promise<T> {
		const store = new SqliteContractStore({ path: defaultSqlitePath({ N8N_USER_FOLDER: n8n.userFolder }) });
		await store.init();
		try {
			return await read(store);
		} finally {
			await store.close();
		}
	}

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await dynamics?.stop();
	});

	test('n8n gets its token with the client credentials grant, and the first poll reads every contact page by @odata.nextLink', () => {
		const tokenRequests = dynamics.requestsTo(`/${dynamics.tenantId}/oauth2/v2.0/token`, 'POST');
		assert.ok(tokenRequests.length >= 1);
		assert.ok(
			tokenRequests.every((request) => new URLSearchParams(request.body).get('grant_type') === 'client_credentials'),
		);
		const [first, second] = polls('contacts');
		assert.equal(new URL(first.url, 'http://x').searchParams.get('$skiptoken'), null);
		assert.equal(
			new URL(first.url, 'http://x').searchParams.get('$select'),
			'firstname,lastname,emailaddress1,birthdate,sb_membernumber,modifiedon',
		);
		assert.match(
			String(new URL(second.url, 'http://x').searchParams.get('$skiptoken')),
			/pagenumber="2"/,
			'the second page is read through the next link',
		);
		assert.equal(
			new URL(second.url, 'http://x').searchParams.get('$select'),
			'firstname,lastname,emailaddress1,birthdate,sb_membernumber,modifiedon',
			'the next link keeps the query',
		);
		assert.ok([first, second].every((request) => request.headers.prefer === 'odata.maxpagesize=500'));
		assert.deepEqual(appWrites(), [], 'existing contacts are not pushed into the app');
	});

	let anna: AppRecord;
	let annaContactId: string;
	let membershipId: string;
	let appMembership: AppRecord;

	test('a member and her membership created in the app appear once in Dynamics, linked; the next poll drops the echo of both writes', async () => {
		anna = await app.create('members', {
			firstName: 'Anna',
			lastName: 'Jansen',
			email: 'anna.jansen@example.nl',
			birthDate: '1990-05-17',
			memberNumber: 10234,
		});
		const contact = await eventually(
			() => dynamics.records('contacts').find((record) => record.emailaddress1 === 'anna.jansen@example.nl'),
			'Anna in Dynamics',
			pollTimeoutMs,
			200,
		);
		annaContactId = String(contact.contactid);
		assert.deepEqual(
			{
				firstname: contact.firstname,
				lastname: contact.lastname,
				birthdate: contact.birthdate,
				sb_membernumber: contact.sb_membernumber,
			},
			{ firstname: 'Anna', lastname: 'Jansen', birthdate: '1990-05-17', sb_membernumber: '10234' },
		);

		// The membership names Anna by her app id; Check Membership finds her contact id in the members
		// synchronization once the contact's write is committed, a moment after Dynamics answered.
		await pause(3_000);
		appMembership = await app.create('memberships', {
			memberId: anna.id,
			plan: 'Full',
			startsOn: '2026-01-01',
			endsOn: null,
			feeCents: 12550,
		});
		const membership = await eventually(
			() => dynamics.records('new_memberships')[0],
			'the membership in Dynamics',
			pollTimeoutMs,
			200,
		);
		membershipId = String(membership.new_membershipid);
		assert.deepEqual(
			{
				new_name: membership.new_name,
				new_startdate: membership.new_startdate,
				new_enddate: membership.new_enddate,
				new_fee: membership.new_fee,
				_new_contact_value: membership._new_contact_value,
			},
			{
				new_name: 'Full',
				new_startdate: '2026-01-01',
				new_enddate: null,
				new_fee: 125.5,
				_new_contact_value: annaContactId,
			},
			"the membership is linked to Anna's contact",
		);

		await nextPolls();
		assert.equal(
			dynamics.records('contacts').filter((record) => record.emailaddress1 === 'anna.jansen@example.nl').length,
			1,
			'one contact for Anna',
		);
		assert.deepEqual(dynamicsWrites(), [`POST ${api}/contacts`, `POST ${api}/new_memberships`]);
		assert.deepEqual(appWrites(), [], "the polls saw SyncBridge's own writes and wrote nothing back to the app");
		assert.ok(app.deliveries.every((delivery) => delivery.status === 200));
		await contracts(async (store) => {
			assert.deepEqual(
				(await store.list('scenario-2-members')).map((contract) => [contract.originId, contract.targetId]),
				[[anna.id, annaContactId]],
			);
			assert.deepEqual(
				(await store.list('scenario-2-memberships')).map((contract) => [contract.originId, contract.targetId]),
				[[appMembership.id, membershipId]],
			);
		});
	});

	test("changes made in Dynamics reach the app once, a member added in Dynamics is created in the app, and the app's events about those writes go nowhere", async () => {
		const writesToDynamics = dynamicsWrites();
		dynamics.edit('contacts', annaContactId, { lastname: 'Jansen-de Vries' });
		dynamics.edit('new_memberships', membershipId, { new_enddate: '2026-12-31' });
		const [ola] = dynamics.seed('contacts', [
			{
				firstname: 'Ola',
				lastname: 'Nordmann',
				emailaddress1: 'ola.nordmann@example.no',
				birthdate: '1985-03-04',
				sb_membernumber: '20001',
			},
		]);

		await eventually(
			() =>
				app.list('members').find((member) => member.id === anna.id)?.lastName === 'Jansen-de Vries' ? true : undefined,
			"Anna's new name in the app",
			pollTimeoutMs,
			200,
		);
		await eventually(
			() =>
				app.list('memberships').find((membership) => membership.id === appMembership.id)?.endsOn === '2026-12-31'
					? true
					: undefined,
			'the end date in the app',
			pollTimeoutMs,
			200,
		);
		const olaMember = await eventually(
			() => app.list('members').find((member) => member.email === 'ola.nordmann@example.no'),
			'Ola in the app',
			pollTimeoutMs,
			200,
		);
		await nextPolls();

		assert.deepEqual(
			appWrites().sort(),
			[`PATCH /api/members/${anna.id}`, `PATCH /api/memberships/${appMembership.id}`, 'POST /api/members'].sort(),
			'one write per change',
		);
		assert.deepEqual(
			dynamicsWrites(),
			writesToDynamics,
			"the app's events about SyncBridge's writes were recognised and not sent back",
		);
		assert.equal(app.list('members').length, 2);
		assert.equal(app.list('memberships').length, 1);
		assert.deepEqual(
			{
				firstName: olaMember.firstName,
				lastName: olaMember.lastName,
				birthDate: olaMember.birthDate,
				memberNumber: olaMember.memberNumber,
				externalIds: olaMember.externalIds,
			},
			{
				firstName: 'Ola',
				lastName: 'Nordmann',
				birthDate: '1985-03-04',
				memberNumber: 20001,
				externalIds: { dynamics365: ola.contactid },
			},
		);
		const annaNow = app.list('members').find((member) => member.id === anna.id);
		assert.equal(annaNow?.email, 'anna.jansen@example.nl');
		assert.deepEqual(annaNow?.externalIds, { dynamics365: annaContactId });
		const membershipNow = app.list('memberships')[0];
		assert.equal(membershipNow.memberId, anna.id, 'the membership still belongs to Anna in the app');
		assert.equal(membershipNow.feeCents, 12550);
		assert.ok(app.deliveries.every((delivery) => delivery.status === 200));
		await contracts(async (store) => {
			const members = await store.list('scenario-2-members');
			assert.deepEqual(
				members.map((contract) => [contract.originId, contract.targetId]).sort(),
				[
					[anna.id, annaContactId],
					[olaMember.id, String(ola.contactid)],
				].sort(),
			);
			assert.ok(
				members.every((contract) => contract.lastWrittenOriginHash !== null && contract.lastWrittenTargetHash === null),
				'the last write of each went to the app',
			);
			for (const synchronizationId of ['scenario-2-members', 'scenario-2-memberships']) {
				const status = await store.status(synchronizationId);
				assert.deepEqual(
					{ deadLetters: status.deadLetters, pendingIntents: status.pendingIntents },
					{ deadLetters: 0, pendingIntents: 0 },
					`${synchronizationId}: nothing failed or left half done`,
				);
			}
		});
	});
});
