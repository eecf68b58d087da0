import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../../scripts/n8n/free-port';

export interface RedisHandle {
	host: string;
	port: number;
	/** True when the test setup started its own server. */
	started: boolean;
	stop(): Promise<void>;
}

export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/**
 * The Redis the queue-mode tests use: `SYNCBRIDGE_REDIS_URL` (default the local server) when it
 * answers PING; otherwise a throwaway `redis-server` from Debian's package on a free port
 * (installed with apt-get when missing and running as root), so those tests never silently skip.
 */
export async function ensureRedis(): Promise<RedisHandle> {
	const url = new URL(process.env.SYNCBRIDGE_REDIS_URL ?? defaultRedisUrl);
	const host = url.hostname || '127.0.0.1';
	const port = Number(url.port || 6379);
	if (await answersPing(host, port)) return { host, port, started: false, stop: async () => {} };
	return startThrowawayServer();
}

function answersPing(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host, port });
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(timeoutMs, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
	});
}

function redisServerBinary(): string {
	const binary = '/usr/bin/redis-server';
	if (existsSync(binary)) return binary;
	if (process.getuid?.() !== 0) {
		throw new Error(
			'No Redis answers and redis-server is not installed: run `apt-get install -y redis-server` as root',
		);
	}
	execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (!existsSync(binary)) throw new Error('apt-get did not install redis-server');
	return binary;
}

async function startThrowawayServer(): Promise<RedisHandle> {
	const binary = redisServerBinary();
	const dir = mkdtempSync(join(tmpdir(), 'syncbridge-redis-'));
	const port = await freePort();
	const child: ChildProcess = spawn(
		binary,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ stdio: 'ignore' },
	);
	for (let attempt = 0; attempt < 100; attempt++) {
		if (await answersPing('127.0.0.1', port, 300)) {
			return {
				host: '127.0.0.1',
				port,
				started: true,
				stop: async () => {
					child.kill('SIGTERM');
					await delay(200);
					rmSync(dir, { recursive: true, force: true });
				},
			};
		}
		if (child.exitCode !== null) break;
		await delay(100);
	}
	child.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
	throw new Error(`redis-server did not answer on port ${port}`);
}
