import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';

export type Credentials = Record<string, Record<string, unknown>>;
type Parameters = Record<string, unknown> | ((name: string, itemIndex: number) => unknown);

interface SentOptions {
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: unknown;
	json?: boolean;
	encoding?: string;
	returnFullResponse?: boolean;
	ignoreHttpStatusErrors?: boolean | { ignore: true; except: number[] };
	timeout?: number;
}

/**
 * What n8n's credential machinery adds to a request for each SyncBridge credential type (generic
 * `authenticate` headers; OAuth2 types get the access token n8n would hold in oauthTokenData).
 */
function sign(type: string, credentials: Record<string, unknown>): Record<string, string> {
	switch (type) {
		case 'syncBridgeStripeApi':
			return { Authorization: `Bearer ${String(credentials.secretKey)}` };
		case 'syncBridgeApiKeyApi':
			return { [String(credentials.headerName ?? 'X-API-Key')]: String(credentials.apiKey) };
		case 'syncBridgeXledgerApi':
			return { Authorization: `token ${String(credentials.apiToken)}` };
		case 'syncBridgeConsioApi':
			return { 'X-Api-Key': String(credentials.apiKey) };
		default:
			return { Authorization: `Bearer ${String(credentials.accessToken)}` };
	}
}

export interface SentRequest {
	credentialType?: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

/**
 * n8n's httpRequest with `returnFullResponse` and `ignoreHttpStatusErrors`, over real HTTP to the fakes.
 * OAuth2 credential types behave like n8n's requestOAuth2: a 401 that the request *throws* (status not
 * ignored) makes n8n refresh the token (here the credential's `refreshToken()` hook) and send again; a
 * 401 that is still there is thrown as n8n does, a NodeApiError-like error whose `cause.response`
 * holds the answer. With every status ignored n8n never sees the 401 and refreshes nothing.
 */
function httpRequester(sent: SentRequest[], credentials: Credentials) {
	const send = async (credentialType: string | undefined, options: SentOptions) => {
		const headers = {
			...options.headers,
			...(credentialType === undefined ? {} : sign(credentialType, credentials[credentialType] ?? {})),
		};
		const body =
			options.body === undefined
				? undefined
				: typeof options.body === 'string'
					? options.body
					: JSON.stringify(options.body);
		sent.push({ credentialType, method: options.method, url: options.url, headers, body });
		const response = await fetch(options.url, {
			method: options.method,
			headers,
			body,
			signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
		});
		const text = await response.text();
		return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: text };
	};
	const throws = (options: SentOptions, status: number) => {
		const ignored = options.ignoreHttpStatusErrors;
		if (ignored === true) return false;
		if (ignored !== undefined && ignored !== false) return ignored.except.includes(status);
		return status >= 400;
	};
	const request = async (credentialType: string | undefined, options: SentOptions) => {
		let response = await send(credentialType, options);
		if (credentialType?.endsWith('OAuth2Api') && response.statusCode === 401 && throws(options, 401)) {
			const refreshToken = credentials[credentialType]?.refreshToken as (() => Promise<string>) | undefined;
			if (refreshToken !== undefined) {
				credentials[credentialType].accessToken = await refreshToken();
				response = await send(credentialType, options);
			}
		}
		if (throws(options, response.statusCode)) {
			throw Object.assign(new Error(`${response.statusCode} - ${response.body}`), {
				cause: { response: { status: response.statusCode, headers: response.headers, data: response.body } },
			});
		}
		return response;
	};
	return {
		httpRequest: (options: SentOptions) => request(undefined, options),
		httpRequestWithAuthentication: (type: string, options: SentOptions) => request(type, options),
	};
}

const node = {
	id: '1',
	name: 'SyncBridge',
	type: 'syncBridge',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

function parameter(parameters: Parameters, name: string, itemIndex: number, fallback: unknown): unknown {
	if (typeof parameters === 'function') {
		const value = parameters(name, itemIndex);
		return value === undefined ? fallback : value;
	}
	return name in parameters ? parameters[name] : fallback;
}

export interface ExecuteContext {
	context: IExecuteFunctions;
	sent: SentRequest[];
}

export function executeContext(
	parameters: Parameters,
	items: INodeExecutionData[],
	credentials: Credentials = {},
): ExecuteContext {
	const sent: SentRequest[] = [];
	const context = {
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			parameter(parameters, name, itemIndex, fallback),
		getNode: () => node,
		getExecutionId: () => 'exec-1',
		continueOnFail: () => false,
		getCredentials: async (type: string) => {
			if (credentials[type] === undefined) throw new Error(`No credentials of type ${type}`);
			return credentials[type];
		},
		logger: { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} },
		helpers: {
			...httpRequester(sent, credentials),
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType,
				fileSize: String(data.length),
			}),
		},
	} as unknown as IExecuteFunctions;
	return { context, sent };
}

export interface PollContext {
	context: IPollFunctions;
	sent: SentRequest[];
}

/** A poll context; pass the same `staticData` object to successive polls, as n8n persists it between them. */
export function pollContext(
	parameters: Record<string, unknown>,
	credentials: Credentials,
	staticData: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
): PollContext {
	const sent: SentRequest[] = [];
	const context = {
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getNode: () => node,
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
		getCredentials: async (type: string) => {
			if (credentials[type] === undefined) throw new Error(`No credentials of type ${type}`);
			return credentials[type];
		},
		logger: { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} },
		helpers: httpRequester(sent, credentials),
	} as unknown as IPollFunctions;
	return { context, sent };
}

export interface LoadOptionsContext {
	context: ILoadOptionsFunctions;
	sent: SentRequest[];
}

/**
 * The editor's context for a load-options or resource-mapping method: the node's current parameters,
 * and a credential chosen on the node for each type in `credentials` (as `getNode().credentials` shows it).
 */
export function loadOptionsContext(
	parameters: Record<string, unknown>,
	credentials: Credentials = {},
): LoadOptionsContext {
	const sent: SentRequest[] = [];
	const chosen = Object.fromEntries(
		Object.keys(credentials).map((type, index) => [type, { id: String(index + 1), name: type }]),
	);
	const context = {
		getCurrentNodeParameter: (name: string) => parameters[name],
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getNode: () => ({ ...node, parameters, credentials: chosen }),
		getCredentials: async (type: string) => {
			if (credentials[type] === undefined) throw new Error(`No credentials of type ${type}`);
			return credentials[type];
		},
		logger: { info: () => {}, debug: () => {}, warn: () => {}, error: () => {} },
		helpers: httpRequester(sent, credentials),
	} as unknown as ILoadOptionsFunctions;
	return { context, sent };
}

export const inputItems = (records: IDataObject[]): INodeExecutionData[] =>
	records.map((json, item) => ({ json, pairedItem: { item } }));
