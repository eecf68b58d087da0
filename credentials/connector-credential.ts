import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import type { ConnectorCredential, OAuth2Settings } from '../runtime/connectors';

const DOCUMENTATION = 'https://github.com/syncbridge/n8n-nodes-syncbridge/blob/main/docs/connectors.md';

/** `{{field}}` in a credential block as n8n's `={{$credentials.field}}` expression; text without fields stays as it is. */
function credentialExpression(template: string): string {
	return template.includes('{{') ? `=${template.replace(/\{\{(\w+)\}\}/g, '{{$credentials.$1}}')}` : template;
}

/** n8n's generic authentication for the block's signing rule; none for OAuth2 (n8n's oAuth2Api signs). */
function authenticate(credential: ConnectorCredential): IAuthenticateGeneric | undefined {
	const { auth } = credential;
	if (auth.kind === 'bearer')
		return {
			type: 'generic',
			properties: { headers: { Authorization: `=Bearer {{$credentials.${auth.tokenField}}}` } },
		};
	if (auth.kind === 'apiKeyHeader') {
		const header =
			credential.headerNameField === undefined ? auth.name : `={{$credentials.${credential.headerNameField}}}`;
		return {
			type: 'generic',
			properties: { headers: { [header]: `=${auth.prefix ?? ''}{{$credentials.${auth.field}}}` } },
		};
	}
	if (auth.kind === 'basic')
		return {
			type: 'generic',
			properties: {
				auth: {
					username: `={{$credentials.${auth.usernameField}}}`,
					password: `={{$credentials.${auth.passwordField}}}`,
				},
			},
		};
	return undefined;
}

/** The hidden fields n8n's oAuth2Api reads its settings from. */
function oauth2Fields(settings: OAuth2Settings | undefined): INodeProperties[] {
	if (settings === undefined) return [];
	const hidden = (displayName: string, name: string, value: string): INodeProperties => ({
		displayName,
		name,
		type: 'hidden',
		default: value,
	});
	return [
		hidden('Grant Type', 'grantType', settings.grantType),
		...(settings.authUrl === undefined ? [] : [hidden('Authorization URL', 'authUrl', settings.authUrl)]),
		hidden('Access Token URL', 'accessTokenUrl', settings.accessTokenUrl),
		...(settings.scope === undefined ? [] : [hidden('Scope', 'scope', settings.scope)]),
		hidden('Auth URI Query Parameters', 'authQueryParameters', settings.authQueryParameters ?? ''),
		hidden('Authentication', 'authentication', 'body'),
	];
}

/** The n8n credential type of a connector's credential block (its class name is the type name, capitalised). */
export function credentialType(credential: ConnectorCredential): ICredentialType {
	const className = credential.name[0].toUpperCase() + credential.name.slice(1);
	const { test } = credential;
	const signing = authenticate(credential);
	return {
		name: credential.name,
		...(credential.oauth2 ? { extends: ['oAuth2Api'] } : {}),
		displayName: credential.displayName,
		icon: { light: `file:${className}.svg`, dark: `file:${className}.dark.svg` },
		documentationUrl: `${DOCUMENTATION}#${credential.documentation}`,
		properties: [
			...credential.fields.map((field) => ({ ...field })),
			...oauth2Fields(credential.oauth2),
		] as INodeProperties[],
		...(signing === undefined ? {} : { authenticate: signing }),
		test: {
			request: {
				baseURL: credentialExpression(test.baseUrl),
				url: credentialExpression(test.path),
				...(test.query === undefined ? {} : { qs: { ...test.query } }),
				method: test.method,
				...(test.body === undefined ? {} : { body: test.body }),
			},
		} satisfies ICredentialTestRequest,
	};
}

/** A class n8n can load (`new`) for a connector's credential block: `export class X extends connectorCredential(block) {}`. */
export function connectorCredential(credential: ConnectorCredential): new () => ICredentialType {
	return class {
		constructor() {
			Object.assign(this, credentialType(credential));
		}
	} as unknown as new () => ICredentialType;
}
