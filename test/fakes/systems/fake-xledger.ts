import { xledger } from '../../../runtime/connectors';
import { FakeSystem, jsonBody, presentedSecret, type FakeRequest, type FakeResponse, type Route } from './fake-server';

export interface GlImportItem {
	dbId: number;
	trRegNumber: number;
	postedDate: string;
	amount: string;
	text?: string;
	invoiceNumber?: string;
	account: { code: string };
}

/**
 * Xledger's GraphQL endpoint (`POST /graphql`, `Authorization: token <api token>`), reduced to the
 * fields SyncBridge uses: the `addGLImportItems` mass mutation (at most 500 nodes; each voucher,
 * grouped by trRegNumber, must balance to zero), the `glImportItems` connection (`first`/`after`,
 * `pageInfo { hasNextPage endCursor }`) and `customers` for the credential test. GraphQL errors come
 * back as 200 `{errors: [...]}`; authentication failures as 401. See docs/connectors.md.
 */
export class FakeXledger extends FakeSystem {
	readonly apiToken = 'fake-xledger-api-token';
	readonly items: GlImportItem[] = [];
	private nextDbId = 1000;

	seedItems(count: number): void {
		for (let index = 0; index < count; index++) {
			this.items.push({
				dbId: this.nextDbId++,
				trRegNumber: 1,
				postedDate: '2025-01-31',
				amount: '0.00',
				account: { code: '7140' },
			});
		}
	}

	protected routes(): Route[] {
		return [{ method: 'POST', path: '/graphql', handler: (request) => this.graphql(request) }];
	}

	protected authenticate(request: FakeRequest): FakeResponse | undefined {
		const token = presentedSecret(request, xledger.credential);
		if (token === this.apiToken) return undefined;
		return {
			status: 401,
			body: {
				errors: [
					{
						message: 'Unauthorized: the API token is missing, invalid or expired.',
						extensions: { code: 'UNAUTHENTICATED' },
					},
				],
			},
		};
	}

	protected errorBody(status: number, message: string): unknown {
		return {
			errors: [
				{
					message: status === 429 ? 'Too many requests: API credit limit reached' : message,
					extensions: { code: status === 429 ? 'RATE_LIMITED' : 'INTERNAL' },
				},
			],
		};
	}

	private graphql(request: FakeRequest): FakeResponse {
		const { query, variables = {} } = jsonBody<{ query?: string; variables?: Record<string, unknown> }>(request);
		if (typeof query !== 'string')
			return { status: 400, body: { errors: [{ message: 'Must provide query string.' }] } };
		if (/\baddGLImportItems\s*\(/.test(query)) return this.addItems(variables.inputs);
		if (/\bglImportItems\s*\(/.test(query)) return this.listItems(Number(variables.first ?? 50), variables.after);
		if (/\bcustomers\s*\(/.test(query)) return { status: 200, body: { data: { customers: { edges: [] } } } };
		return {
			status: 200,
			body: {
				errors: [
					{
						message: 'Cannot query the requested field on type "Query".',
						extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
					},
				],
			},
		};
	}

	private addItems(inputs: unknown): FakeResponse {
		if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 500) {
			return {
				status: 200,
				body: {
					data: null,
					errors: [{ message: 'inputs must hold between 1 and 500 nodes', path: ['addGLImportItems'] }],
				},
			};
		}
		const nodes = inputs.map((input) => (input as { node?: Record<string, unknown> }).node ?? {});
		const missing = nodes.findIndex(
			(node) =>
				node.trRegNumber === undefined ||
				node.postedDate === undefined ||
				node.amount === undefined ||
				typeof (node.account as { code?: unknown } | undefined)?.code !== 'string',
		);
		if (missing !== -1) {
			return {
				status: 200,
				body: {
					data: null,
					errors: [
						{
							message: `inputs[${missing}].node: trRegNumber, postedDate, amount and account.code are required`,
							path: ['addGLImportItems'],
						},
					],
				},
			};
		}
		const balances = new Map<string, number>();
		for (const node of nodes) {
			const key = String(node.trRegNumber);
			balances.set(key, (balances.get(key) ?? 0) + Math.round(Number(node.amount) * 100));
		}
		const unbalanced = [...balances].find(([, cents]) => cents !== 0);
		if (unbalanced !== undefined) {
			return {
				status: 200,
				body: {
					data: null,
					errors: [
						{
							message: `Voucher ${unbalanced[0]} does not balance (difference ${(unbalanced[1] / 100).toFixed(2)})`,
							path: ['addGLImportItems'],
						},
					],
				},
			};
		}
		const created = nodes.map((node) => ({ ...(node as unknown as GlImportItem), dbId: this.nextDbId++ }));
		this.items.push(...created);
		return {
			status: 200,
			body: { data: { addGLImportItems: { edges: created.map((item) => ({ node: { dbId: item.dbId } })) } } },
		};
	}

	private listItems(first: number, after: unknown): FakeResponse {
		const start = typeof after === 'string' ? Number(Buffer.from(after, 'base64').toString('utf8')) + 1 : 0;
		const page = this.items.slice(start, start + first);
		const cursor = (index: number) => Buffer.from(String(start + index)).toString('base64');
		return {
			status: 200,
			body: {
				data: {
					glImportItems: {
						edges: page.map((node, index) => ({ cursor: cursor(index), node })),
						pageInfo: {
							hasNextPage: start + page.length < this.items.length,
							endCursor: page.length > 0 ? cursor(page.length - 1) : null,
						},
					},
				},
			},
		};
	}
}
