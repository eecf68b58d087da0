import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../scripts/n8n/free-port';

export interface PostgresHandle {
	url: string;
	/** True when the test setup started its own server. */
	started: boolean;
	stop(): Promise<void>;
}

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The Postgres the tests use: `SYNCBRIDGE_PG_URL` (default the local trust-auth server) when it
 * answers; otherwise a throwaway server from Debian's packages in a temp folder on a free port, so
 * the Postgres tests never silently skip.
 */
export async function ensurePostgres(): Promise<PostgresHandle> {
	const url = process.env.SYNCBRIDGE_PG_URL ?? defaultPostgresUrl;
	if (await answers(url)) return { url, started: false, stop: async () => {} };
	return startThrowawayServer();
}

async function answers(url: string): Promise<boolean> {
	const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

function findBinaries(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
	for (const version of versions) {
		const bin = join(root, version, 'bin');
		if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
	}
	throw new Error(
		'No Postgres server answers and no Debian postgresql package (/usr/lib/postgresql/*/bin/initdb) is installed',
	);
}

async function startThrowawayServer(): Promise<PostgresHandle> {
	const bin = findBinaries();
	const dir = mkdtempSync(join(tmpdir(), 'syncbridge-pg-'));
	const data = join(dir, 'data');
	const port = await freePort();
	const asRoot = process.getuid?.() === 0;
	// initdb refuses to run as root: run the server as the `postgres` system user then.
	if (asRoot) {
		chmodSync(dir, 0o777);
		execFileSync('chown', ['postgres', dir]);
	}
	const run = (command: string, args: string[]) => {
		if (asRoot) {
			const line = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
			execFileSync('runuser', ['-u', 'postgres', '--', 'sh', '-c', line], { stdio: 'pipe' });
		} else execFileSync(command, args, { stdio: 'pipe' });
	};
	run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
	run(join(bin, 'pg_ctl'), [
		'-D',
		data,
		'-l',
		join(dir, 'server.log'),
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
		'-w',
		'start',
	]);
	const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
	return {
		url,
		started: true,
		stop: async () => {
			try {
				run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		},
	};
}

/** A schema name unique to this run, for isolation between parallel test files and engineers. */
export function uniqueSchema(label: string): string {
	return `sb_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
	const client = new Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
	} finally {
		await client.end();
	}
}
