import type { FakeDynamics365 } from '../../fakes/systems/fake-dynamics365';
import type { FakeSalesforce } from '../../fakes/systems/fake-salesforce';

export interface TokenAnswer {
	status: number;
	body: Record<string, unknown>;
}

async function tokenRequest(url: string, form: Record<string, string>): Promise<TokenAnswer> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The Microsoft identity platform's client credentials grant, as n8n performs it for Dataverse. */
export function clientCredentialsToken(fake: FakeDynamics365, secret: string): Promise<TokenAnswer> {
	return tokenRequest(`${fake.url}/${fake.tenantId}/oauth2/v2.0/token`, {
		grant_type: 'client_credentials',
		client_id: fake.clientId,
		client_secret: secret,
		scope: `${fake.url}/.default`,
	});
}

/** Salesforce's authorization-code exchange, as n8n performs it after the consent screen. */
export function authorizationCodeToken(fake: FakeSalesforce): Promise<TokenAnswer> {
	return tokenRequest(`${fake.url}/services/oauth2/token`, {
		grant_type: 'authorization_code',
		code: fake.authorizationCode,
		client_id: fake.clientId,
		client_secret: fake.clientSecret,
		redirect_uri: 'http://localhost/cb',
	});
}
