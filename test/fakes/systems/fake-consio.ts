import { consio } from '../../../runtime/connectors';
import { FakeSystem, jsonBody, presentedSecret, type FakeRequest, type FakeResponse, type Route } from './fake-server';

/**
 * Consio as SyncBridge assumes it (no public reference exists; see docs/connectors.md): an
 * `X-Api-Key` REST API with offset paging (`{count, results}`), member CRUD and an activity
 * export endpoint, plus `unavailable = 503 | 404` to exercise the CSV fallback.
 */
export class FakeConsio extends FakeSystem {
	readonly apiKey = 'fake-consio-api-key';
	readonly members: Record<string, unknown>[] = [];
	readonly activities: Record<string, unknown>[] = [];
	quota = 1000;
	private used = 0;

	seedMembers(count: number): void {
		for (let index = 0; index < count; index++)
			this.members.push({
				id: String(index + 1),
				memberNumber: 10000 + index,
				firstName: `Member${index + 1}`,
				email: `m${index + 1}@example.test`,
			});
	}

	protected routes(): Route[] {
		return [
			{ method: 'GET', path: '/api/v1/members', handler: (request) => this.page(request, this.members) },
			{
				method: 'GET',
				path: '/api/v1/members/:id',
				handler: (request) => this.withMember(request, (member) => ({ status: 200, body: member })),
			},
			{
				method: 'POST',
				path: '/api/v1/members',
				handler: (request) => {
					const member = { ...jsonBody(request), id: String(this.members.length + 1) };
					this.members.push(member);
					return { status: 201, body: member };
				},
			},
			{
				method: 'PUT',
				path: '/api/v1/members/:id',
				handler: (request) =>
					this.withMember(request, (member) => ({
						status: 200,
						body: Object.assign(member, jsonBody(request), { id: member.id }),
					})),
			},
			{ method: 'GET', path: '/api/v1/activities', handler: (request) => this.page(request, this.activities) },
			{
				method: 'POST',
				path: '/api/v1/activities/export',
				handler: (request) => {
					const { activities } = jsonBody<{ activities?: unknown }>(request);
					if (!Array.isArray(activities)) return { status: 422, body: { message: 'activities must be an array' } };
					const stored = activities.map((activity, index) => ({
						...(activity as Record<string, unknown>),
						id: String(this.activities.length + index + 1),
					}));
					this.activities.push(...stored);
					return { status: 201, body: { count: stored.length, results: stored } };
				},
			},
		];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		if (presentedSecret(request, consio.credential) !== this.apiKey)
			return { status: 401, body: { message: 'Invalid or missing API key' } };
		this.used += 1;
		return undefined;
	}

	protected errorBody(status: number, message: string): unknown {
		return { message: status === 429 ? 'Rate limit exceeded' : message };
	}

	protected responseHeaders(): Record<string, string> {
		return {
			'x-ratelimit-limit': String(this.quota),
			'x-ratelimit-remaining': String(Math.max(0, this.quota - this.used)),
			'x-ratelimit-reset': '60',
		};
	}

	private page(request: FakeRequest, all: Record<string, unknown>[]): FakeResponse {
		const offset = Number(request.query.get('offset') ?? 0);
		const limit = Math.min(Number(request.query.get('limit') ?? 100), 100);
		return { status: 200, body: { count: all.length, results: all.slice(offset, offset + limit) } };
	}

	private withMember(request: FakeRequest, then: (member: Record<string, unknown>) => FakeResponse): FakeResponse {
		const member = this.members.find((candidate) => candidate.id === request.params.id);
		return member === undefined ? { status: 404, body: { message: 'Member not found' } } : then(member);
	}
}
