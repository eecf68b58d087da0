// The editor test drives Debian's Chromium (playwright-core never downloads a browser here).
// Installs the `chromium` package with apt-get when it is missing and we may; otherwise says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.SYNCBRIDGE_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(chromiumPath)) {
	const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
	if (!canInstall) {
		console.error(
			`ensure-chromium: ${chromiumPath} not found. Install Debian's chromium (sudo apt-get install chromium) or set SYNCBRIDGE_CHROMIUM.`,
		);
		process.exit(1);
	}
	console.log('ensure-chromium: installing Debian chromium (first run only)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}
