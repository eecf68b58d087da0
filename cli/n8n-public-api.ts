import type { InstanceCredential } from '../runtime/workflows/credential-stub';
import type { JsonObject } from '../runtime/workflows/workflow-document';
import { workflowShellPackage } from './workflow-package';

export class N8nApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
	) {
		super(message);
	}
}

interface Page<T> {
	data: T[];
	nextCursor?: string | null;
}

export interface WorkflowSummary {
	id: string;
	name: string;
	isArchived?: boolean;
}

export interface Tag {
	id: string;
	name: string;
}

/** n8n's public REST API (`/api/v1`), authenticated with an API key. */
export class N8nPublicApi {
	private readonly base: string;

	constructor(
		url: string,
		private readonly apiKey: string,
	) {
		this.base = `${url.replace(/\/+$/, '')}/api/v1`;
	}

	private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
		const headers: Record<string, string> = { 'X-N8N-API-KEY': this.apiKey, accept: 'application/json' };
		let payload: string | FormData | undefined;
		if (body instanceof FormData) payload = body;
		else if (body !== undefined) {
			headers['content-type'] = 'application/json';
			payload = JSON.stringify(body);
		}
		let response: Response;
		try {
			response = await fetch(`${this.base}${path}`, { method, headers, body: payload });
		} catch (error) {
			throw new N8nApiError(
				`cannot reach n8n at ${this.base}: ${(error as Error).cause ?? (error as Error).message}`,
				0,
			);
		}
		const text = await response.text();
		if (!response.ok) {
			let message = text;
			try {
				message = (JSON.parse(text) as { message?: string }).message ?? text;
			} catch {
				// not JSON: keep the text
			}
			throw new N8nApiError(`${method} ${path}: ${response.status} ${message}`.trim(), response.status);
		}
		return (text ? JSON.parse(text) : undefined) as T;
	}

	private async all<T>(path: string): Promise<T[]> {
		const items: T[] = [];
		let cursor: string | null | undefined;
		do {
			const separator = path.includes('?') ? '&' : '?';
			const page = await this.request<Page<T>>(
				'GET',
				`${path}${separator}limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			items.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		return items;
	}

	async listWorkflows(): Promise<WorkflowSummary[]> {
		return await this.all<WorkflowSummary>('/workflows?excludePinnedData=true');
	}

	async getWorkflow(id: string): Promise<JsonObject | undefined> {
		try {
			return await this.request<JsonObject>('GET', `/workflows/${encodeURIComponent(id)}`);
		} catch (error) {
			if (error instanceof N8nApiError && error.status === 404) return undefined;
			throw error;
		}
	}

	async updateWorkflow(id: string, payload: JsonObject, publishIfActive: boolean): Promise<JsonObject> {
		return await this.request(
			'PUT',
			`/workflows/${encodeURIComponent(id)}?publishIfActive=${publishIfActive}`,
			payload,
		);
	}

	async publishWorkflow(id: string, versionName: string): Promise<void> {
		await this.request('POST', `/workflows/${encodeURIComponent(id)}/publish`, { name: versionName });
	}

	async unarchiveWorkflow(id: string): Promise<void> {
		await this.request('POST', `/workflows/${encodeURIComponent(id)}/unarchive`);
	}

	/**
	 * Creates an empty workflow with a given id. `POST /workflows` treats `id` as read-only and mints a new
	 * one, so the id is kept by importing an n8n package (`POST /n8n-packages/import`, whose default
	 * `workflowIdPolicy=source` reuses the package's workflow id); the content follows with a normal update.
	 */
	async createWorkflowWithId(id: string, name: string): Promise<void> {
		const form = new FormData();
		form.append(
			'package',
			new Blob([new Uint8Array(workflowShellPackage(id, name))], { type: 'application/gzip' }),
			'workflow.n8np',
		);
		form.append('workflowConflictPolicy', 'fail');
		form.append('workflowIdPolicy', 'source');
		const result = await this.request<{ workflows?: Array<{ localId?: string; status?: string }> }>(
			'POST',
			'/n8n-packages/import',
			form,
		);
		const created = result.workflows?.[0];
		if (created?.localId !== id)
			throw new N8nApiError(`n8n did not create workflow ${id} with its id (got ${created?.localId ?? 'none'})`, 0);
	}

	async listCredentials(): Promise<InstanceCredential[]> {
		return await this.all<InstanceCredential>('/credentials');
	}

	async listTags(): Promise<Tag[]> {
		return await this.all<Tag>('/tags');
	}

	async createTag(name: string): Promise<Tag> {
		return await this.request<Tag>('POST', '/tags', { name });
	}

	async setWorkflowTags(id: string, tagIds: string[]): Promise<void> {
		await this.request(
			'PUT',
			`/workflows/${encodeURIComponent(id)}/tags`,
			tagIds.map((tagId) => ({ id: tagId })),
		);
	}
}
