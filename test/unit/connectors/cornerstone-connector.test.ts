import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
	cornerstoneConnector,
	extractId,
	readRateLimit,
	withCsvFallback,
	type ApiOutcome,
} from '../../../runtime/connectors';
import { FakeCornerstone } from '../../fakes/systems/fake-cornerstone';
import { call, fetchAll, withListOverride } from './connector-client';

const enrollments = [
	{
		externalId: 'kari.nordmann',
		learningObjectId: 'b42d13a5-f7dc-40d1-8a52-5e6b572604df',
		assignment: 'registered',
		registeredAt: '2025-02-01',
	},
	{
		externalId: 'ola, jr.',
		learningObjectId: '7ad38cb9-04e1-47be-8334-09a4484f82ad',
		assignment: 'registered',
		registeredAt: '2025-02-02',
	},
];

describe('Cornerstone connector against the fake Cornerstone', () => {
	const csod = new FakeCornerstone();
	let credentials: Record<string, unknown>;
	const spec = cornerstoneConnector.resources.enrollments.csvExport;
	assert.ok(spec);

	async function exportEnrollments() {
		return withCsvFallback(enrollments, spec!, async (): Promise<ApiOutcome<unknown[]>> => {
			const results: unknown[] = [];
			for (const enrollment of enrollments) {
				const response = await call(cornerstoneConnector, 'enrollments', 'create', { credentials, body: enrollment });
				if (response.status !== 200) return { kind: 'response', status: response.status };
				results.push(response.body);
			}
			return { kind: 'response', status: 200, result: results };
		});
	}

	before(async () => {
		await csod.start();
		const token = await fetch(`${csod.url}/services/api/oauth2/token`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				clientId: csod.clientId,
				clientSecret: csod.clientSecret,
				grantType: 'client_credentials',
				scope: 'vw_rpt_transcript:read transcript:create',
			}),
		});
		assert.equal(token.status, 200);
		credentials = { portalUrl: csod.url, accessToken: ((await token.json()) as { access_token: string }).access_token };
	});
	after(() => csod.stop());

	it('lists enrollments from the transcript view across @odata.nextLink pages', async () => {
		csod.seedTranscripts(7);
		const small = withListOverride(cornerstoneConnector, 'enrollments', { headers: { Prefer: 'odata.maxpagesize=3' } });
		const { records, requests } = await fetchAll(small, 'enrollments', { credentials });
		assert.deepEqual(
			records.map((record) => extractId(record, 'reg_num')),
			['1', '2', '3', '4', '5', '6', '7'],
		);
		assert.equal(requests.length, 3);
	});

	it('assigns enrollments through the API while it is available', async () => {
		const result = await exportEnrollments();
		assert.equal(result.via, 'api');
		assert.equal(csod.transcripts.filter((row) => row.user_id === 'kari.nordmann').length, 1);
	});

	it('falls back to the CSV file when the API answers 503, and reports it', async () => {
		csod.unavailable = 503;
		const result = await exportEnrollments();
		csod.unavailable = undefined;
		assert.equal(result.via, 'csv');
		if (result.via !== 'csv') return;
		assert.equal(result.reason, 'serverError');
		assert.equal(result.detail, 'HTTP 503');
		assert.equal(result.file.fileName, 'cornerstone-enrollments.csv');
		assert.equal(result.file.rowCount, 2);
		assert.equal(
			result.file.content,
			'User ID,LO ID,Status,Registration Date\r\n' +
				'kari.nordmann,b42d13a5-f7dc-40d1-8a52-5e6b572604df,registered,2025-02-01\r\n' +
				'"ola, jr.",7ad38cb9-04e1-47be-8334-09a4484f82ad,registered,2025-02-02\r\n',
		);
	});

	it('falls back when the endpoint is missing (404) or the network fails', async () => {
		csod.unavailable = 404;
		const missing = await exportEnrollments();
		csod.unavailable = undefined;
		assert.equal(missing.via === 'csv' && missing.reason, 'endpointNotFound');

		const unreachable = await withCsvFallback(enrollments, spec!, async () => {
			await fetch('http://127.0.0.1:9/services/api/v1/transcripts/assign', { method: 'POST' });
			return { kind: 'response', status: 200 } as const;
		});
		assert.equal(unreachable.via === 'csv' && unreachable.reason, 'networkError');
	});

	it('does not fall back on a 4xx answer: a bad token is an error, not an outage', async () => {
		const result = await withCsvFallback(enrollments, spec!, async () => {
			const response = await call(cornerstoneConnector, 'enrollments', 'create', {
				credentials: { ...credentials, accessToken: 'bad' },
				body: enrollments[0],
			});
			return { kind: 'response', status: response.status };
		});
		assert.deepEqual(result, { via: 'api', status: 401 });
	});

	it('reads Retry-After on throttling', async () => {
		csod.inject({ status: 429, retryAfter: 60 });
		const response = await call(cornerstoneConnector, 'enrollments', 'list', { credentials });
		assert.equal(response.status, 429);
		assert.equal(readRateLimit(response.headers, cornerstoneConnector).retryAfterMs, 60_000);
	});
});
