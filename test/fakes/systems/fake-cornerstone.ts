import { cornerstone } from '../../../runtime/connectors';
import {
	FakeSystem,
	formBody,
	jsonBody,
	presentedSecret,
	type FakeRequest,
	type FakeResponse,
	type Route,
} from './fake-server';

export interface TranscriptRow {
	reg_num: string;
	user_id: string;
	lo_object_id: string;
	transc_status: string;
	reg_dt: string;
}

/**
 * Cornerstone OnDemand: client-credentials token endpoint (Cornerstone's JSON body, or the
 * standard form body n8n sends), the Reporting API transcript view (OData `value` +
 * `@odata.nextLink`, `Prefer: odata.maxpagesize`) and the Transcript API's assign endpoint.
 * `unavailable = 503 | 404` takes the API down (the token endpoint stays up).
 */
export class FakeCornerstone extends FakeSystem {
	readonly clientId = 'fake-csod-client';
	readonly clientSecret = 'fake-csod-secret';
	readonly issuedTokens = new Set<string>();
	readonly transcripts: TranscriptRow[] = [];
	private nextRegistration = 1;

	seedTranscripts(count: number): void {
		for (let index = 0; index < count; index++) {
			this.transcripts.push({
				reg_num: String(this.nextRegistration++),
				user_id: `user${index + 1}`,
				lo_object_id: `lo-${(index % 3) + 1}`,
				transc_status: 'Registered',
				reg_dt: '2025-02-01T00:00:00',
			});
		}
	}

	protected routes(): Route[] {
		return [
			{ method: 'POST', path: '/services/api/oauth2/token', public: true, handler: (request) => this.token(request) },
			{
				method: 'GET',
				path: '/services/api/x/odata/api/views/vw_rpt_transcript',
				handler: (request) => this.transcriptView(request),
			},
			{ method: 'POST', path: '/services/api/v1/transcripts/assign', handler: (request) => this.assign(request) },
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const token = presentedSecret(request, cornerstone.credential);
		if (token !== undefined && this.issuedTokens.has(token)) return undefined;
		return {
			status: 401,
			body: { status: 401, error: { message: 'Unauthorized: the access token is missing, invalid or expired.' } },
		};
	}

	protected errorBody(status: number, message: string): unknown {
		return { status, error: { message: status === 429 ? 'API throttling limit reached' : message } };
	}

	private token(request: FakeRequest): FakeResponse {
		const isJson = String(request.headers['content-type'] ?? '').includes('json');
		const body = isJson ? jsonBody(request) : formBody(request);
		const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
		const [headerId, headerSecret] =
			basic === undefined ? [] : Buffer.from(basic, 'base64').toString('utf8').split(':');
		const clientId = body.clientId ?? body.client_id ?? headerId;
		const clientSecret = body.clientSecret ?? body.client_secret ?? headerSecret;
		const grantType = body.grantType ?? body.grant_type;
		if (grantType !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
		if (clientId !== this.clientId || clientSecret !== this.clientSecret)
			return { status: 401, body: { error: 'invalid_client' } };
		const accessToken = `csod-fake-${this.issuedTokens.size + 1}`;
		this.issuedTokens.add(accessToken);
		return {
			status: 200,
			body: { access_token: accessToken, expires_in: 3600, scope: String(body.scope ?? ''), token_type: 'Bearer' },
		};
	}

	private transcriptView(request: FakeRequest): FakeResponse {
		const requested = /odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ''))?.[1];
		const pageSize = Number(request.query.get('$top') ?? requested ?? 1000);
		const skip = Number(request.query.get('$skip') ?? 0);
		const value = this.transcripts.slice(skip, skip + pageSize);
		const body: Record<string, unknown> = {
			'@odata.context': `${this.url}/services/api/x/odata/api/views/$metadata#vw_rpt_transcript`,
			value,
		};
		if (request.query.get('$top') === null && skip + value.length < this.transcripts.length) {
			body['@odata.nextLink'] =
				`${this.url}/services/api/x/odata/api/views/vw_rpt_transcript?$skip=${skip + value.length}`;
		}
		return { status: 200, body };
	}

	private assign(request: FakeRequest): FakeResponse {
		const body = jsonBody(request);
		if (typeof body.externalId !== 'string' || typeof body.learningObjectId !== 'string') {
			return { status: 400, body: { status: 400, error: { message: 'externalId and learningObjectId are required' } } };
		}
		const row: TranscriptRow = {
			reg_num: String(this.nextRegistration++),
			user_id: body.externalId,
			lo_object_id: body.learningObjectId,
			transc_status: String(body.assignment ?? 'assigned') === 'registered' ? 'Registered' : 'Assigned',
			reg_dt: new Date().toISOString().slice(0, 19),
		};
		this.transcripts.push(row);
		return {
			status: 200,
			body: {
				status: 'Success',
				timeStamp: new Date().toISOString(),
				data: {
					externalId: row.user_id,
					learningObjectId: row.lo_object_id,
					status: row.transc_status,
					registrationNumber: row.reg_num,
				},
			},
		};
	}
}
