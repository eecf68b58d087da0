// `npm start`: n8n on localhost with SyncBridge installed as a community package, the example
// workflows imported, SQLite in .n8n-data/, no telemetry, and an owner account taken from the environment.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { N8nInstance } from './n8n/n8n-instance';
import { ownerEnvironment } from './n8n/owner';
import { repoRoot, workflowsDir } from './n8n/paths';

const owner = {
	email: process.env.SYNCBRIDGE_OWNER_EMAIL ?? 'owner@syncbridge.local',
	password: process.env.SYNCBRIDGE_OWNER_PASSWORD ?? 'SyncBridge-2026',
};
const port = Number(process.env.SYNCBRIDGE_PORT ?? 5678);
const userFolder = process.env.SYNCBRIDGE_DATA_DIR ?? join(repoRoot, '.n8n-data');

async function main(): Promise<void> {
	const instance = await N8nInstance.create({
		userFolder,
		port,
		env: {
			N8N_LISTEN_ADDRESS: '0.0.0.0',
			N8N_HOST: 'localhost',
			WEBHOOK_URL: `http://localhost:${port}/`,
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
			...ownerEnvironment(owner),
		},
	});
	if (existsSync(workflowsDir) && readdirSync(workflowsDir).some((file) => file.endsWith('.json'))) {
		console.log('Importing example workflows from workflows/ …');
		await instance.importWorkflowFolder(workflowsDir);
	}
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void instance.stop());
	await instance.start({ echo: true, timeoutMs: 300_000 });
	console.log(`\nSyncBridge is ready: http://localhost:${port}  (log in as ${owner.email} / ${owner.password})\n`);
	process.exitCode = (await instance.exited()) ?? 0;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
