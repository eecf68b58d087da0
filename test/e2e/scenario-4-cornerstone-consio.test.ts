import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { N8nInstance } from '../../scripts/n8n/n8n-instance';
import { nodeBinaries, nodeOutput, type RunData } from '../../scripts/n8n/run-data';
import { closeAllStores, openStore } from '../../runtime/contracts/open-store';
import { FakeApp } from '../fakes/app/fake-app';
import { FakeConsio } from '../fakes/systems/fake-consio';
import { FakeCornerstone } from '../fakes/systems/fake-cornerstone';
import { loadScenarioWorkflow } from '../support/scenario-workflow';

const signingSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

type Item = Record<string, unknown>;
const meta = (item: Item) => item._syncbridge as Item;
const failure = (item: Item) => meta(item).error as Item;

/** The workflow ran to its end: no node failed (outages leave through Error outputs, never as a failed run). */
function assertCompleted(run: RunData): void {
	assert.equal(run.data.resultData.error, undefined, run.data.resultData.error?.message);
}

function ran(run: RunData, nodeName: string): boolean {
	return run.data.resultData.runData[nodeName] !== undefined;
}

describe('scenario 4: app course enrollments to Cornerstone and app activities to Consio, a CSV import file while the API is down', () => {
	let n8n: N8nInstance;
	let app: FakeApp;
	let cornerstone: FakeCornerstone;
	let consio: FakeConsio;
	let cornerstoneWorkflow: string;
	let consioWorkflow: string;

	/** The contracts SyncBridge keeps in the n8n user folder, read while no n8n process runs. */
	async function contracts(synchronizationId: string, originIds: string[]) {
		const store = await openStore({
			kind: 'sqlite',
			path: join(n8n.userFolder, '.n8n', 'syncbridge', 'contracts.sqlite'),
		});
		try {
			return await Promise.all(originIds.map((id) => store.get(synchronizationId, id)));
		} finally {
			await closeAllStores();
		}
	}

	before(async () => {
		app = await new FakeApp({ resources: ['courseEnrollments', 'activities'], signingSecret }).start();
		cornerstone = await new FakeCornerstone().start();
		consio = await new FakeConsio().start();
		n8n = await N8nInstance.create();
		// What a user enters in the editor; n8n fills the Cornerstone credential's hidden OAuth2 fields.
		await n8n.importCredentials([
			{
				id: 'sbAppApiKey',
				name: 'App API key',
				type: 'syncBridgeApiKeyApi',
				data: {
					baseUrl: app.url,
					headerName: 'X-App-Key',
					apiKey: app.apiKey,
					testPath: '/api/courseEnrollments?limit=1',
				},
			},
			{
				id: 'sbCornerstoneOAuth2',
				name: 'Cornerstone OAuth2 API',
				type: 'syncBridgeCornerstoneOAuth2Api',
				data: {
					portalUrl: cornerstone.url,
					clientId: cornerstone.clientId,
					clientSecret: cornerstone.clientSecret,
					scope: 'vw_rpt_transcript:read transcript:create',
				},
			},
			{
				id: 'sbConsioApi',
				name: 'Consio API',
				type: 'syncBridgeConsioApi',
				data: { baseUrl: consio.url, apiKey: consio.apiKey },
			},
		]);
		cornerstoneWorkflow = await n8n.importWorkflow(
			await loadScenarioWorkflow('scenario-4-cornerstone-course-enrollments.json', {}),
		);
		consioWorkflow = await n8n.importWorkflow(await loadScenarioWorkflow('scenario-4-consio-activities.json', {}));
	});

	after(async () => {
		await n8n?.dispose();
		await app?.stop();
		await cornerstone?.stop();
		await consio?.stop();
	});

	test('Cornerstone: enrollments are assigned once; during a 503 outage they become cornerstone-enrollments.csv and are assigned when the API is back', async () => {
		const synchronization = 'scenario-4-cornerstone-enrollments';
		// Upsert writes items concurrently, so Cornerstone holds them in arrival order: compare them by user.
		const assignments = () =>
			cornerstone.transcripts
				.map((row) => [row.user_id, row.lo_object_id, row.transc_status])
				.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
		const first = [
			await app.create('courseEnrollments', {
				userExternalId: 'csod-2201',
				courseCode: 'LO-FIRST-AID',
				courseTitle: 'First aid basics',
				status: 'Registered',
				enrolledAt: '2026-03-02T09:15:00Z',
			}),
			await app.create('courseEnrollments', {
				userExternalId: 'csod-2202',
				courseCode: 'LO-FIRST-AID',
				courseTitle: 'First aid basics',
				status: 'assigned',
				enrolledAt: '2026-03-02T10:00:00Z',
			}),
			await app.create('courseEnrollments', {
				userExternalId: 'csod-2203',
				courseCode: 'LO-FIRE-SAFETY',
				courseTitle: 'Fire safety',
				status: 'Registered',
				enrolledAt: '2026-03-03T08:00:00+01:00',
			}),
		];

		const initial = await n8n.execute(cornerstoneWorkflow);
		assertCompleted(initial);
		assert.deepEqual(
			nodeOutput(initial, 'Assign In Cornerstone').map((item) => meta(item).action),
			['created', 'created', 'created'],
		);
		assert.equal(ran(initial, 'Enrollments CSV Import File'), false, 'no file while the API is up');
		assert.deepEqual(assignments(), [
			['csod-2201', 'LO-FIRST-AID', 'Registered'],
			['csod-2202', 'LO-FIRST-AID', 'Assigned'],
			['csod-2203', 'LO-FIRE-SAFETY', 'Registered'],
		]);
		const written = await contracts(
			synchronization,
			first.map((enrollment) => enrollment.id),
		);
		assert.deepEqual(
			written.map((contract) => contract?.targetId),
			first.map(
				(enrollment) => cornerstone.transcripts.find((row) => row.user_id === enrollment.userExternalId)?.reg_num,
			),
			'each contract holds the registration number Cornerstone gave the enrollment',
		);

		const requestsBefore = cornerstone.requests.length;
		const rerun = await n8n.execute(cornerstoneWorkflow);
		assertCompleted(rerun);
		assert.equal(nodeOutput(rerun, 'Contract Check', 2).length, 3, 'all three unchanged');
		assert.equal(ran(rerun, 'Assign In Cornerstone'), false);
		assert.equal(cornerstone.requests.length, requestsBefore, 'a rerun sends Cornerstone nothing');

		const duringOutage = [
			await app.create('courseEnrollments', {
				userExternalId: 'csod-2204',
				courseCode: 'LO-FIRST-AID',
				courseTitle: 'First aid basics',
				status: 'Registered',
				enrolledAt: '2026-03-10T12:00:00Z',
			}),
			await app.create('courseEnrollments', {
				userExternalId: 'csod-2205',
				courseCode: 'LO-DATA-PROTECTION',
				courseTitle: 'Data protection',
				status: 'assigned',
				enrolledAt: '2026-03-11T07:30:00Z',
			}),
		];
		cornerstone.unavailable = 503;
		let outage: RunData;
		try {
			outage = await n8n.execute(cornerstoneWorkflow);
		} finally {
			cornerstone.unavailable = undefined;
		}
		assertCompleted(outage);
		assert.deepEqual(
			nodeOutput(outage, 'Contract Check', 0).map((item) => item.externalReference),
			duringOutage.map((enrollment) => enrollment.id),
		);
		const undelivered = nodeOutput(outage, 'Assign In Cornerstone', 1);
		assert.deepEqual(
			undelivered.map((item) => [item.externalReference, failure(item).code, failure(item).httpStatus]),
			duringOutage.map((enrollment) => [enrollment.id, 'RETRY_EXHAUSTED', 503]),
		);
		assert.match(String(failure(undelivered[0]).message), /after 5 attempts \(last: HTTP 503\)/);
		const [summary] = nodeOutput(outage, 'Enrollments CSV Import File');
		assert.deepEqual(
			{ via: summary.via, fileName: summary.fileName, rowCount: summary.rowCount, reason: summary.reason },
			{ via: 'csv', fileName: 'cornerstone-enrollments.csv', rowCount: 2, reason: 'serverError' },
		);
		const [{ data: file }] = nodeBinaries(outage, 'Enrollments CSV Import File');
		assert.equal(file.fileName, 'cornerstone-enrollments.csv');
		assert.equal(file.mimeType, 'text/csv');
		assert.equal(
			(await n8n.binaryData(file)).toString('utf8'),
			'User ID,LO ID,Status,Registration Date\r\ncsod-2204,LO-FIRST-AID,registered,2026-03-10\r\ncsod-2205,LO-DATA-PROTECTION,assigned,2026-03-11\r\n',
		);
		assert.equal(cornerstone.transcripts.length, 3, 'nothing reached Cornerstone');
		assert.deepEqual(
			await contracts(
				synchronization,
				duringOutage.map((enrollment) => enrollment.id),
			),
			[undefined, undefined],
			'not marked written',
		);

		const recovered = await n8n.execute(cornerstoneWorkflow);
		assertCompleted(recovered);
		assert.deepEqual(
			nodeOutput(recovered, 'Contract Check', 0).map((item) => item.externalReference),
			duringOutage.map((enrollment) => enrollment.id),
			'the two from the outage are new again, the others unchanged',
		);
		assert.deepEqual(
			nodeOutput(recovered, 'Assign In Cornerstone').map((item) => meta(item).action),
			['created', 'created'],
		);
		assert.equal(ran(recovered, 'Enrollments CSV Import File'), false);
		assert.deepEqual(assignments(), [
			['csod-2201', 'LO-FIRST-AID', 'Registered'],
			['csod-2202', 'LO-FIRST-AID', 'Assigned'],
			['csod-2203', 'LO-FIRE-SAFETY', 'Registered'],
			['csod-2204', 'LO-FIRST-AID', 'Registered'],
			['csod-2205', 'LO-DATA-PROTECTION', 'Assigned'],
		]);

		const settled = cornerstone.requests.length;
		const last = await n8n.execute(cornerstoneWorkflow);
		assertCompleted(last);
		assert.equal(nodeOutput(last, 'Contract Check', 2).length, 5);
		assert.equal(cornerstone.requests.length, settled, 'nothing lost, nothing twice');
	});

	test('Consio: activities are exported once; while the connection is refused they become consio-activities.csv and are exported when Consio is back', async () => {
		const synchronization = 'scenario-4-consio-activities';
		// Upsert writes items concurrently, so Consio holds them in arrival order: compare them by reference.
		const exported = () =>
			consio.activities
				.map((activity) => [
					activity.externalReference,
					activity.memberNumber,
					activity.activity,
					activity.date,
					activity.hours,
				])
				.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
		const first = [
			await app.create('activities', {
				memberNumber: '10234',
				title: 'Dugnad',
				performedOn: '2026-04-18',
				hours: '2.5',
			}),
			await app.create('activities', {
				memberNumber: '10235',
				title: 'Besøksvenn',
				performedOn: '2026-04-19',
				hours: 1.5,
			}),
		];

		const initial = await n8n.execute(consioWorkflow);
		assertCompleted(initial);
		assert.deepEqual(
			nodeOutput(initial, 'Export To Consio').map((item) => meta(item).action),
			['created', 'created'],
		);
		assert.equal(ran(initial, 'Activities CSV Import File'), false);
		assert.deepEqual(exported(), [
			[first[0].id, 10234, 'Dugnad', '2026-04-18', 2.5],
			[first[1].id, 10235, 'Besøksvenn', '2026-04-19', 1.5],
		]);
		assert.deepEqual(
			consio
				.requestsTo('/api/v1/activities/export', 'POST')
				.map((request) => (JSON.parse(request.body) as { activities: unknown[] }).activities.length),
			[1, 1],
			'each activity as a batch of one',
		);
		assert.deepEqual(
			(
				await contracts(
					synchronization,
					first.map((activity) => activity.id),
				)
			).map((contract) => contract?.targetId),
			first.map((activity) => consio.activities.find((exported) => exported.externalReference === activity.id)?.id),
		);

		const requestsBefore = consio.requests.length;
		const rerun = await n8n.execute(consioWorkflow);
		assertCompleted(rerun);
		assert.equal(nodeOutput(rerun, 'Contract Check', 2).length, 2);
		assert.equal(consio.requests.length, requestsBefore, 'a rerun sends Consio nothing');

		const duringOutage = [
			await app.create('activities', {
				memberNumber: '10236',
				title: 'Kurs: "Førstehjelp"',
				performedOn: '2026-04-20',
				hours: 0.75,
			}),
			await app.create('activities', {
				memberNumber: '10237',
				title: 'Turgruppe; Nordmarka',
				performedOn: '2026-04-21',
				hours: 3,
			}),
		];
		const port = Number(new URL(consio.url).port);
		await consio.stop();
		let outage: RunData;
		try {
			outage = await n8n.execute(consioWorkflow);
		} finally {
			await consio.start(port);
		}
		assertCompleted(outage);
		const undelivered = nodeOutput(outage, 'Export To Consio', 1);
		assert.deepEqual(
			undelivered.map((item) => item.externalReference),
			duringOutage.map((activity) => activity.id),
		);
		// Two writes of five attempts each: the last of the ten failures opens the circuit, after both gave up.
		assert.deepEqual(
			undelivered.map((item) => [failure(item).code, failure(item).httpStatus]),
			[
				['RETRY_EXHAUSTED', undefined],
				['RETRY_EXHAUSTED', undefined],
			],
			'no answer at all',
		);
		assert.match(String(failure(undelivered[0]).message), /after 5 attempts \(last: (?!HTTP)/);
		const [summary] = nodeOutput(outage, 'Activities CSV Import File');
		assert.deepEqual(
			{ via: summary.via, fileName: summary.fileName, rowCount: summary.rowCount, reason: summary.reason },
			{ via: 'csv', fileName: 'consio-activities.csv', rowCount: 2, reason: 'networkError' },
		);
		const [{ data: file }] = nodeBinaries(outage, 'Activities CSV Import File');
		const bytes = await n8n.binaryData(file);
		assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
		assert.equal(
			bytes.toString('utf8'),
			'\uFEFFMedlemsnummer;Aktivitet;Dato;Timer\r\n10236;"Kurs: ""Førstehjelp""";2026-04-20;0,75\r\n10237;"Turgruppe; Nordmarka";2026-04-21;3\r\n',
		);
		assert.equal(consio.activities.length, 2, 'nothing reached Consio');
		assert.deepEqual(
			await contracts(
				synchronization,
				duringOutage.map((activity) => activity.id),
			),
			[undefined, undefined],
			'not marked written',
		);

		const recovered = await n8n.execute(consioWorkflow);
		assertCompleted(recovered);
		assert.deepEqual(
			nodeOutput(recovered, 'Export To Consio').map((item) => meta(item).action),
			['created', 'created'],
		);
		assert.equal(ran(recovered, 'Activities CSV Import File'), false);
		assert.deepEqual(exported(), [
			[first[0].id, 10234, 'Dugnad', '2026-04-18', 2.5],
			[first[1].id, 10235, 'Besøksvenn', '2026-04-19', 1.5],
			[duringOutage[0].id, 10236, 'Kurs: "Førstehjelp"', '2026-04-20', 0.75],
			[duringOutage[1].id, 10237, 'Turgruppe; Nordmarka', '2026-04-21', 3],
		]);

		const settled = consio.requests.length;
		const last = await n8n.execute(consioWorkflow);
		assertCompleted(last);
		assert.equal(nodeOutput(last, 'Contract Check', 2).length, 4);
		assert.equal(consio.requests.length, settled, 'nothing lost, nothing twice');
	});
});
