import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ICredentialTestRequest, ICredentialType, IAuthenticateGeneric } from 'n8n-workflow';
import { SyncBridgeApiKeyApi } from '../../../credentials/SyncBridgeApiKeyApi.credentials';
import { SyncBridgeConsioApi } from '../../../credentials/SyncBridgeConsioApi.credentials';
import { SyncBridgeCornerstoneOAuth2Api } from '../../../credentials/SyncBridgeCornerstoneOAuth2Api.credentials';
import { SyncBridgeDynamics365OAuth2Api } from '../../../credentials/SyncBridgeDynamics365OAuth2Api.credentials';
import { SyncBridgeGoogleCalendarOAuth2Api } from '../../../credentials/SyncBridgeGoogleCalendarOAuth2Api.credentials';
import { SyncBridgeSalesforceOAuth2Api } from '../../../credentials/SyncBridgeSalesforceOAuth2Api.credentials';
import { SyncBridgeStripeApi } from '../../../credentials/SyncBridgeStripeApi.credentials';
import { SyncBridgeXledgerApi } from '../../../credentials/SyncBridgeXledgerApi.credentials';
import { builtInConnectors, buildRequest, parseResponseBody, readErrorMessage } from '../../../runtime/connectors';
import { FakeCityCalendar } from '../../fakes/systems/fake-city-calendar';
import { FakeConsio } from '../../fakes/systems/fake-consio';
import { FakeCornerstone } from '../../fakes/systems/fake-cornerstone';
import { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import { FakeGoogleCalendar } from '../../fakes/systems/fake-google-calendar';
import { FakeSalesforce } from '../../fakes/systems/fake-salesforce';
import { FakeStripe } from '../../fakes/systems/fake-stripe';
import { FakeXledger } from '../../fakes/systems/fake-xledger';

type Values = Record<string, string>;

/** Resolves the simple `={{$credentials.x}}` / `{{$self["x"]}}` expressions these credentials use. */
function resolve(value: unknown, values: Values): string {
	const text = String(value ?? '');
	if (!text.startsWith('=')) return text;
	return text
		.slice(1)
		.replace(
			/\{\{\s*\$(?:credentials\.(\w+)|self\["(\w+)"\])\s*\}\}/g,
			(_, a?: string, b?: string) => values[(a ?? b) as string] ?? '',
		);
}

function defaults(credential: ICredentialType): Values {
	return Object.fromEntries(credential.properties.map((property) => [property.name, String(property.default ?? '')]));
}

/** Runs a credential's test request the way n8n does: generic authentication, then the request. */
async function runTest(credential: ICredentialType, values: Values, bearer?: string): Promise<number> {
	const test = (credential as { test?: ICredentialTestRequest }).test;
	assert.ok(test, `${credential.name} has a test request`);
	const request = test.request;
	const url = new URL(`${resolve(request.baseURL, values)}${resolve(request.url, values)}`);
	for (const [name, value] of Object.entries(request.qs ?? {})) url.searchParams.set(name, String(value));
	const headers: Record<string, string> = { accept: 'application/json' };
	const authenticate = (credential as { authenticate?: IAuthenticateGeneric }).authenticate;
	for (const [name, value] of Object.entries(authenticate?.properties.headers ?? {}))
		headers[resolve(name, values)] = resolve(value, values);
	if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
	let body: string | undefined;
	if (request.body !== undefined) {
		body = JSON.stringify(request.body);
		headers['content-type'] = 'application/json';
	}
	const response = await fetch(url, { method: request.method ?? 'GET', headers, body });
	await response.arrayBuffer();
	return response.status;
}

/** The client-credentials request n8n's OAuth2 client sends with authentication 'body'. */
async function clientCredentials(
	credential: ICredentialType,
	values: Values,
	scope: string,
): Promise<{ status: number; token?: string }> {
	const merged = { ...defaults(credential), ...values };
	assert.equal(merged.grantType, 'clientCredentials');
	assert.equal(merged.authentication, 'body');
	const response = await fetch(resolve(merged.accessTokenUrl, merged), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: values.clientId,
			client_secret: values.clientSecret,
			scope,
		}),
	});
	const body = (await response.json()) as { access_token?: string };
	return { status: response.status, ...(body.access_token === undefined ? {} : { token: body.access_token }) };
}

describe('credentials', () => {
	const fakes = {
		stripe: new FakeStripe(),
		salesforce: new FakeSalesforce(),
		google: new FakeGoogleCalendar(),
		dynamics: new FakeDynamics365(),
		xledger: new FakeXledger(),
		cornerstone: new FakeCornerstone(),
		consio: new FakeConsio(),
		city: new FakeCityCalendar(),
	};
	before(() => Promise.all(Object.values(fakes).map((fake) => fake.start())));
	after(() => Promise.all(Object.values(fakes).map((fake) => fake.stop())));

	it('every connector names a credential type that exists, OAuth2 ones extending oAuth2Api', () => {
		const credentials: ICredentialType[] = [
			new SyncBridgeStripeApi(),
			new SyncBridgeSalesforceOAuth2Api(),
			new SyncBridgeGoogleCalendarOAuth2Api(),
			new SyncBridgeDynamics365OAuth2Api(),
			new SyncBridgeXledgerApi(),
			new SyncBridgeCornerstoneOAuth2Api(),
			new SyncBridgeConsioApi(),
			new SyncBridgeApiKeyApi(),
		];
		const names = new Set(credentials.map((credential) => credential.name));
		for (const connector of Object.values(builtInConnectors))
			assert.ok(names.has(connector.credentialType ?? ''), connector.id);
		for (const credential of credentials) {
			assert.equal(credential.extends?.includes('oAuth2Api') ?? false, /OAuth2/.test(credential.name), credential.name);
		}
	});

	it('Stripe, Xledger, Consio and the API-key credential pass their test against the fakes and fail with a wrong secret', async () => {
		const cases: [ICredentialType, Values, string][] = [
			[new SyncBridgeStripeApi(), { baseUrl: fakes.stripe.url, secretKey: fakes.stripe.secretKey }, 'secretKey'],
			[new SyncBridgeXledgerApi(), { baseUrl: fakes.xledger.url, apiToken: fakes.xledger.apiToken }, 'apiToken'],
			[new SyncBridgeConsioApi(), { baseUrl: fakes.consio.url, apiKey: fakes.consio.apiKey }, 'apiKey'],
			[
				new SyncBridgeApiKeyApi(),
				{ ...defaults(new SyncBridgeApiKeyApi()), baseUrl: fakes.city.url, apiKey: fakes.city.apiKey },
				'apiKey',
			],
		];
		for (const [credential, values, secretField] of cases) {
			assert.equal(await runTest(credential, values), 200, credential.name);
			assert.equal(
				await runTest(credential, { ...values, [secretField]: 'wrong' }),
				401,
				`${credential.name} with a wrong secret`,
			);
		}
	});

	it('Dynamics 365: the hidden token URL and scope obtain a token that passes the WhoAmI test', async () => {
		const credential = new SyncBridgeDynamics365OAuth2Api();
		const scopeProperty = credential.properties.find((property) => property.name === 'scope');
		assert.equal(scopeProperty?.default, '={{$self["environmentUrl"].replace(/\\/+$/, "")}}/.default');
		const values = {
			environmentUrl: fakes.dynamics.url,
			tenantId: fakes.dynamics.tenantId,
			loginUrl: fakes.dynamics.url,
			clientId: fakes.dynamics.clientId,
			clientSecret: fakes.dynamics.clientSecret,
		};
		const granted = await clientCredentials(credential, values, `${fakes.dynamics.url}/.default`);
		assert.equal(granted.status, 200);
		assert.equal(await runTest(credential, values, granted.token), 200);
		assert.equal(await runTest(credential, values, 'not-a-token'), 401);
		assert.equal(
			(await clientCredentials(credential, { ...values, clientSecret: 'wrong' }, `${fakes.dynamics.url}/.default`))
				.status,
			401,
		);
	});

	it('Cornerstone: the form-encoded client-credentials grant works and the token passes the test', async () => {
		const credential = new SyncBridgeCornerstoneOAuth2Api();
		const values = {
			portalUrl: fakes.cornerstone.url,
			clientId: fakes.cornerstone.clientId,
			clientSecret: fakes.cornerstone.clientSecret,
		};
		const granted = await clientCredentials(credential, values, 'vw_rpt_transcript:read');
		assert.equal(granted.status, 200);
		assert.equal(await runTest(credential, values, granted.token), 200);
		assert.equal(await runTest(credential, values, 'bad'), 401);
	});

	it('Salesforce and Google Calendar: the test request succeeds with a valid token only', async () => {
		const salesforce = new SyncBridgeSalesforceOAuth2Api();
		const merged: Values = { ...defaults(salesforce), loginUrl: fakes.salesforce.url };
		assert.equal(resolve(merged.accessTokenUrl, merged), `${fakes.salesforce.url}/services/oauth2/token`);
		assert.equal(await runTest(salesforce, { instanceUrl: fakes.salesforce.url }, fakes.salesforce.accessToken), 200);
		assert.equal(await runTest(salesforce, { instanceUrl: fakes.salesforce.url }, 'expired'), 401);

		const google = new SyncBridgeGoogleCalendarOAuth2Api();
		assert.equal(await runTest(google, { baseUrl: fakes.google.url }, fakes.google.accessToken), 200);
		assert.equal(await runTest(google, { baseUrl: fakes.google.url }, 'revoked'), 401);
	});
});

describe('error messages from the fakes’ real error shapes', () => {
	const fakes = {
		stripe: new FakeStripe(),
		salesforce: new FakeSalesforce(),
		xledger: new FakeXledger(),
		city: new FakeCityCalendar(),
		dynamics: new FakeDynamics365(),
	};
	before(() => Promise.all(Object.values(fakes).map((fake) => fake.start())));
	after(() => Promise.all(Object.values(fakes).map((fake) => fake.stop())));

	it('reads each system’s message from its error body, or falls back to the status', async () => {
		const cases: [string, string, Record<string, unknown>, RegExp][] = [
			[
				'stripe',
				'customers',
				{ baseUrl: fakes.stripe.url, secretKey: 'sk_test_bad_key_0000' },
				/^Stripe answered HTTP 401: Invalid API Key provided: sk_test_\*\*\*\*0000$/,
			],
			[
				'salesforce',
				'contacts',
				{ instanceUrl: fakes.salesforce.url, accessToken: 'x' },
				/^Salesforce answered HTTP 401: Session expired or invalid$/,
			],
			[
				'xledger',
				'accountingEntries',
				{ baseUrl: fakes.xledger.url, apiToken: 'x' },
				/^Xledger answered HTTP 401: Unauthorized: the API token/,
			],
			[
				'city-calendar',
				'events',
				{ baseUrl: fakes.city.url, apiKey: 'x' },
				/^City Calendar answered HTTP 401: Invalid or missing API key$/,
			],
			[
				'dynamics365',
				'contacts',
				{ environmentUrl: fakes.dynamics.url },
				/^Microsoft Dynamics 365 \(Dataverse\) answered HTTP 401$/,
			],
		];
		for (const [id, resource, credentials, expected] of cases) {
			const descriptor = builtInConnectors[id];
			const request = buildRequest(descriptor, resource, 'list', {
				credentials,
				query: id === 'salesforce' ? { q: 'SELECT Id FROM Contact' } : {},
			});
			const response = await fetch(request.url, {
				method: request.method,
				headers: request.headers,
				body: request.body,
			});
			const body = parseResponseBody(await response.text(), response.headers.get('content-type') ?? '');
			assert.match(readErrorMessage(descriptor, response.status, body), expected);
		}
	});
});
