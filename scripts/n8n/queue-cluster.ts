import { randomBytes } from 'node:crypto';

import { freePort } from './free-port';
import { N8nInstance } from './n8n-instance';
import type { N8nProcess } from './n8n-process';

export interface PostgresTarget {
	host: string;
	port: number;
	database: string;
	user: string;
	password?: string;
	/** A schema of its own, created beforehand, so clusters never share tables. */
	schema: string;
}

export interface RedisTarget {
	host: string;
	port: number;
}

export interface QueueClusterOptions {
	postgres: PostgresTarget;
	redis: RedisTarget;
	workers: number;
	workerConcurrency?: number;
	env?: Record<string, string>;
}

/**
 * n8n in queue mode: a main process (editor, API, activation), a webhook process that takes the
 * production webhook traffic, and workers that run the executions; Postgres for n8n's database and
 * Redis for the Bull queue, both namespaced per cluster.
 */
export class QueueCluster {
	readonly workers: N8nProcess[] = [];
	private webhookProcess?: N8nProcess;

	private constructor(
		readonly instance: N8nInstance,
		private readonly options: QueueClusterOptions,
		readonly webhookPort: number,
	) {}

	static async create(options: QueueClusterOptions): Promise<QueueCluster> {
		const { postgres, redis } = options;
		const instance = await N8nInstance.create({
			env: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: postgres.host,
				DB_POSTGRESDB_PORT: String(postgres.port),
				DB_POSTGRESDB_DATABASE: postgres.database,
				DB_POSTGRESDB_USER: postgres.user,
				DB_POSTGRESDB_PASSWORD: postgres.password ?? '',
				DB_POSTGRESDB_SCHEMA: postgres.schema,
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: redis.host,
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				QUEUE_BULL_PREFIX: `syncbridge-${randomBytes(4).toString('hex')}`,
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
				N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				...options.env,
			},
		});
		const webhookPort = await freePort();
		return new QueueCluster(instance, options, webhookPort);
	}

	get webhookBaseUrl(): string {
		return `http://127.0.0.1:${this.webhookPort}`;
	}

	/** Starts main, the webhook process and the workers, each on ports of its own. */
	async start(timeoutMs = 180_000): Promise<void> {
		await this.instance.start({ timeoutMs });
		this.webhookProcess = this.instance.spawn('webhook', [], {
			N8N_PORT: String(this.webhookPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		await this.webhookProcess.waitUntilHealthy(`${this.webhookBaseUrl}/healthz`, timeoutMs);
		for (let index = 0; index < this.options.workers; index++) await this.addWorker(timeoutMs);
	}

	async addWorker(timeoutMs = 180_000): Promise<N8nProcess> {
		const healthPort = await freePort();
		const worker = this.instance.spawn('worker', [`--concurrency=${this.options.workerConcurrency ?? 10}`], {
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		});
		await worker.waitUntilHealthy(`http://127.0.0.1:${healthPort}/healthz`, timeoutMs);
		this.workers.push(worker);
		return worker;
	}

	get logs(): string {
		return [this.instance.log, this.webhookProcess?.log ?? '', ...this.workers.map((worker) => worker.log)].join(
			'\n----\n',
		);
	}

	async dispose(): Promise<void> {
		await Promise.all(this.workers.map(async (worker) => await worker.stop()));
		await this.webhookProcess?.stop();
		await this.instance.dispose();
	}
}
